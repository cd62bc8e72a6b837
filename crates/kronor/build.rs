//! Registers Kronor's merchant schema with cynic so every operation is checked against it at compile time.
fn main() {
    cynic_codegen::register_schema("kronor")
        .from_sdl_file("schema/merchant.graphqls")
        .expect("schema/merchant.graphqls is readable")
        .as_default()
        .expect("registering the Kronor schema");
    println!("cargo:rerun-if-changed=schema/merchant.graphqls");
}
