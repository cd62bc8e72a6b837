//! Registers Kronor's two schemas with cynic so every operation is checked at compile time
//! against the schema of the role whose token runs it: the merchant's (`kronor`, the default)
//! and a payment session's (`kronor_gateway`).
fn main() {
    cynic_codegen::register_schema("kronor")
        .from_sdl_file("schema/merchant.graphqls")
        .expect("schema/merchant.graphqls is readable")
        .as_default()
        .expect("registering the Kronor schema");
    cynic_codegen::register_schema("kronor_gateway")
        .from_sdl_file("schema/payment-gateway.graphqls")
        .expect("schema/payment-gateway.graphqls is readable");
    println!("cargo:rerun-if-changed=schema/merchant.graphqls");
    println!("cargo:rerun-if-changed=schema/payment-gateway.graphqls");
}
