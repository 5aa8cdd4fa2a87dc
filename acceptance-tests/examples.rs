//! Every example under `examples/` (read at test time, so new ones are picked
//! up): `terraform fmt -check`, apply with `-var user_pool_id=...`, a plan with no
//! changes, and destroy, against one backend with a pool per example.

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
        let pool = backend.create_user_pool(&format!("example-{name}"));
        let mut ws = Workspace::new(&backend);
        ws.copy_files_from(dir);
        let var = format!("user_pool_id={pool}");
        let output = ws.run(&["fmt", "-check", "-diff", "-no-color"]);
        assert!(
            output.status.success(),
            "examples/{name} is not formatted (`terraform fmt`):\n{}",
            output.combined()
        );
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
}
