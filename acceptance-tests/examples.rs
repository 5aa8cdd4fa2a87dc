//! Every example under `examples/` (read at test time, so new ones are picked
//! up): `terraform fmt -check`, apply with `-var user_pool_id=...`, a plan with no
//! changes, and destroy, against one backend with a pool per example. The
//! examples in [`FORMAT_ONLY`] are format-checked and not applied.

use std::fs;
use std::path::{Path, PathBuf};

use test_support::blocking::Backend;
use test_support::Workspace;

/// The examples the documentation promises; the test fails when one is missing.
const REQUIRED: [&str; 4] = [
    "basic",
    "no-srp-generated-secret",
    "pinpoint-analytics",
    "cognito-identity-provider",
];

/// Examples that are only format-checked, never applied; the test fails when one
/// of them is missing.
///
/// - `with-official-provider` takes the user pool and the resource server from
///   `hashicorp/aws`, which the tests cannot install (no registry, no network).
///   `beside_official.rs` applies, imports and destroys a client the same way
///   (this provider under the local name `cognito`) and checks the example's
///   clients.
pub const FORMAT_ONLY: [&str; 1] = ["with-official-provider"];

fn example_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("read {}: {e}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir() && path.join("main.tf").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn examples_format_apply_plan_clean_and_destroy() {
    let dirs = example_dirs();
    let names: Vec<String> = dirs
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let backend = Backend::start();
    for (dir, name) in dirs.iter().zip(&names) {
        let mut ws = Workspace::new(&backend);
        ws.copy_files_from(dir);
        let output = ws.run(&["fmt", "-check", "-diff", "-no-color"]);
        assert!(
            output.status.success(),
            "examples/{name} is not formatted (`terraform fmt`):\n{}",
            output.combined()
        );
        if FORMAT_ONLY.contains(&name.as_str()) {
            continue;
        }
        let pool = backend.create_user_pool(&format!("example-{name}"));
        let var = format!("user_pool_id={pool}");
        ws.apply_with(&["-var", &var]);
        assert!(
            !backend.list_clients(&pool).is_empty(),
            "examples/{name} created no client"
        );
        let (code, output) = ws.plan_with(&["-var", &var]);
        assert_eq!(
            code,
            0,
            "examples/{name} plans changes right after apply:\n{}",
            ws.redact(&output.combined())
        );
        ws.destroy_with(&["-var", &var]);
        assert!(
            backend.list_clients(&pool).is_empty(),
            "examples/{name} left clients behind after destroy"
        );
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|required| !names.iter().any(|n| n == required))
        .collect();
    assert!(
        missing.is_empty(),
        "examples missing (each needs examples/<name>/main.tf with a user_pool_id variable): {missing:?}; found {names:?}"
    );
    let missing: Vec<&str> = FORMAT_ONLY
        .iter()
        .copied()
        .filter(|listed| !names.iter().any(|n| n == listed))
        .collect();
    assert!(
        missing.is_empty(),
        "format-only examples missing (examples/<name>/main.tf): {missing:?}; found {names:?}"
    );
}
