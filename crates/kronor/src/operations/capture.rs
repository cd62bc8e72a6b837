//! Capturing a whole purchase when the goods are handed over.

use crate::scalars::BigInt;
use crate::schema::schema;

#[derive(cynic::QueryVariables, Debug)]
pub struct CaptureAllVariables {
    pub purchase_id: BigInt,
    pub idempotency_key: String,
    pub description: Option<String>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "CaptureAllVariables")]
pub struct CaptureAll {
    #[arguments(capture: { purchaseId: $purchase_id, idempotencyKey: $idempotency_key, description: $description })]
    pub new_purchase_capture_all: PurchaseCaptureAllResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct PurchaseCaptureAllResult {
    pub capture_id: BigInt,
}
