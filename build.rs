//! Compiles `proto/` with a pure-Rust protobuf compiler, so no system `protoc` is needed.
fn main() {
    let files = ["proto/tfplugin6.proto", "proto/plugin.proto"];
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(files, ["proto"]).expect("proto files compile");
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        // Clients are built from an existing channel (the tests bring their own mTLS connector).
        .build_transport(false)
        .compile_fds(descriptors)
        .expect("generate gRPC code");
}
