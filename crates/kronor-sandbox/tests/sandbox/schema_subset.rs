//! Every type, field, argument and enum value the running sandbox serves exists with the same
//! type in Kronor's `merchant.graphqls` (the one allowed extra: `mutation_root.newPurchaseOrder`),
//! and what it serves to a payment session token exists in Kronor's `payment-gateway.graphqls`.

use apollo_compiler::Schema;
use apollo_compiler::schema::ExtendedType;
use serde_json::{Value, json};

use crate::support::{gql, gql_as, start};
use crate::swish::new_session;

const INTROSPECTION: &str = r#"query {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types {
      name kind
      fields { name type { ...T } args { name type { ...T } } }
      inputFields { name type { ...T } }
      enumValues { name }
    }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }"#;

fn render(t: &Value) -> String {
    match t["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", render(&t["ofType"])),
        Some("LIST") => format!("[{}]", render(&t["ofType"])),
        _ => t["name"].as_str().unwrap_or("?").to_owned(),
    }
}

/// Kronor's schema: the project's shared copy beside the repository when it is there, else the
/// copy the client compiles against (`crates/kronor/schema/`, same file with its provenance).
fn kronor_schema() -> Schema {
    kronor_file("merchant.graphqls")
}

fn kronor_file(file: &str) -> Schema {
    let beside_repo = format!(
        "{}/../../../shared/kronor/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let in_repo = format!("{}/../kronor/schema/{file}", env!("CARGO_MANIFEST_DIR"));
    let sdl = std::fs::read_to_string(beside_repo)
        .or_else(|_| std::fs::read_to_string(in_repo))
        .unwrap_or_else(|_| panic!("{file} beside the repo or in crates/kronor/schema"));
    Schema::builder()
        .ignore_builtin_redefinitions()
        .adopt_orphan_extensions()
        .parse(sdl, file)
        .build()
        .expect("Kronor's schema parses")
}

#[tokio::test]
async fn served_schema_is_a_subset_of_kronors() {
    let sb = start().await;
    let v = gql(&sb, INTROSPECTION, json!({})).await;
    let s = &v["data"]["__schema"];
    assert_eq!(s["queryType"]["name"], "query_root");
    assert_eq!(s["mutationType"]["name"], "mutation_root");
    assert_eq!(s["subscriptionType"]["name"], "subscription_root");
    let (problems, checked) = differences(s, &kronor_schema());
    assert!(
        problems.is_empty(),
        "schema differences:\n{}",
        problems.join("\n")
    );
    assert!(checked > 500, "only {checked} members checked");
    for root in [
        "newPurchaseOrderWithInvoice",
        "newPurchaseOrder",
        "purchaseOrderCancel",
        "newPurchaseCaptureAll",
        "newPurchaseReturnAll",
    ] {
        assert!(sb_has(s, "mutation_root", root), "missing mutation {root}");
    }
    for root in ["purchaseOrders", "purchases", "version"] {
        assert!(sb_has(s, "query_root", root), "missing query {root}");
    }
    for root in ["purchaseOrders", "purchases"] {
        assert!(
            sb_has(s, "subscription_root", root),
            "missing subscription {root}"
        );
    }
}

/// What the introspected schema `s` serves that `kronor` lacks or types differently; and how
/// many members were checked.
fn differences(s: &Value, kronor: &Schema) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut checked = 0;
    for t in s["types"].as_array().expect("types") {
        let name = t["name"].as_str().unwrap_or_default();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        let Some(theirs) = kronor.types.get(name) else {
            problems.push(format!("type {name} is not in Kronor's schema"));
            continue;
        };
        match theirs {
            ExtendedType::Object(o) => {
                for f in t["fields"].as_array().into_iter().flatten() {
                    let fname = f["name"].as_str().unwrap_or_default();
                    if name == "mutation_root" && fname == "newPurchaseOrder" {
                        continue; // the guide's name: the one allowed extra
                    }
                    checked += 1;
                    let Some(kf) = o.fields.get(fname) else {
                        problems.push(format!("{name}.{fname} is not in Kronor's schema"));
                        continue;
                    };
                    if render(&f["type"]) != kf.ty.to_string() {
                        problems.push(format!(
                            "{name}.{fname}: {} vs {}",
                            render(&f["type"]),
                            kf.ty
                        ));
                    }
                    for a in f["args"].as_array().into_iter().flatten() {
                        let aname = a["name"].as_str().unwrap_or_default();
                        match kf.arguments.iter().find(|ka| ka.name == aname) {
                            Some(ka) if ka.ty.to_string() == render(&a["type"]) => {}
                            Some(ka) => problems.push(format!(
                                "{name}.{fname}({aname}): {} vs {}",
                                render(&a["type"]),
                                ka.ty
                            )),
                            None => problems
                                .push(format!("{name}.{fname}({aname}) is not in Kronor's schema")),
                        }
                    }
                }
            }
            ExtendedType::InputObject(io) => {
                let ours: Vec<&str> = t["inputFields"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|f| f["name"].as_str())
                    .collect();
                for f in t["inputFields"].as_array().into_iter().flatten() {
                    let fname = f["name"].as_str().unwrap_or_default();
                    checked += 1;
                    match io.fields.get(fname) {
                        Some(kf) if kf.ty.to_string() == render(&f["type"]) => {}
                        Some(kf) => problems.push(format!(
                            "{name}.{fname}: {} vs {}",
                            render(&f["type"]),
                            kf.ty
                        )),
                        None => {
                            problems.push(format!("input {name}.{fname} is not in Kronor's schema"))
                        }
                    }
                }
                // Inputs accept everything Kronor's accept, so any valid client document works.
                for kf in io.fields.keys() {
                    if !ours.contains(&kf.as_str()) {
                        problems.push(format!("input {name} lacks Kronor's field {kf}"));
                    }
                }
            }
            ExtendedType::Enum(e) => {
                for v in t["enumValues"].as_array().into_iter().flatten() {
                    let vname = v["name"].as_str().unwrap_or_default();
                    checked += 1;
                    if !e.values.contains_key(vname) {
                        problems.push(format!("{name}.{vname} is not in Kronor's enum"));
                    }
                }
            }
            ExtendedType::Scalar(_) => {
                if t["kind"] != "SCALAR" {
                    problems.push(format!("{name} should be a scalar"));
                }
            }
            _ => problems.push(format!("{name}: unexpected kind")),
        }
    }
    (problems, checked)
}

#[tokio::test]
async fn session_schema_is_a_subset_of_kronors_payment_gateway() {
    let sb = start().await;
    let token = new_session(&sb, "schema-1", "ref-schema-1").await;
    let v = gql_as(&sb, &token, INTROSPECTION, json!({})).await;
    let s = &v["data"]["__schema"];
    assert_eq!(s["queryType"]["name"], "query_root", "{v}");
    let (problems, checked) = differences(s, &kronor_file("payment-gateway.graphqls"));
    assert!(
        problems.is_empty(),
        "schema differences:\n{}",
        problems.join("\n")
    );
    assert!(checked > 100, "only {checked} members checked");
    for root in ["newSwishPayment", "cancelPayment", "cancelSwishPayment"] {
        assert!(sb_has(s, "mutation_root", root), "missing mutation {root}");
    }
    assert!(sb_has(s, "query_root", "paymentRequests"));
    assert!(sb_has(s, "subscription_root", "paymentRequests"));
    // Each role answers from its own schema.
    assert!(sb_has(s, "PaymentRequest", "session"));
    assert!(sb_has(s, "SwishDetails", "qrCode"));
    assert!(!sb_has(s, "query_root", "purchaseOrders"));
    assert!(!sb_has(s, "mutation_root", "newPaymentSession"));
    let m = gql(&sb, INTROSPECTION, json!({})).await;
    let m = &m["data"]["__schema"];
    assert!(!sb_has(m, "PaymentRequest", "session"));
    assert!(!sb_has(m, "SwishDetails", "qrCode"));
    assert!(!sb_has(m, "mutation_root", "newSwishPayment"));
    for root in [
        "newPaymentSession",
        "newPaymentSessionWithReferenceCheck",
        "cancelSwishPayment",
        "cancelPayment",
        "refundPayment",
    ] {
        assert!(sb_has(m, "mutation_root", root), "missing mutation {root}");
    }
    assert!(sb_has(m, "query_root", "paymentRequests"));
    assert!(sb_has(m, "subscription_root", "paymentRequests"));
}

fn sb_has(schema: &Value, ty: &str, field: &str) -> bool {
    schema["types"].as_array().into_iter().flatten().any(|t| {
        t["name"] == ty
            && t["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| f["name"] == field)
    })
}

/// Operations a client writes against Kronor's schema run unchanged here.
#[test]
fn client_operations_validate_against_kronors_schema() {
    let schema = kronor_schema().validate().expect("valid");
    for op in [
        crate::support::CREATE,
        crate::support::STATUS,
        crate::support::WATCH,
    ] {
        apollo_compiler::ExecutableDocument::parse_and_validate(&schema, op, "op.graphql")
            .expect("valid against Kronor");
    }
}
