//! Returning (refunding) a whole purchase.

use crate::scalars::BigInt;
use crate::schema::schema;

#[derive(cynic::QueryVariables, Debug)]
pub struct ReturnAllVariables {
    pub purchase_id: BigInt,
    pub idempotency_key: String,
    pub reason: Option<String>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "ReturnAllVariables")]
pub struct ReturnAll {
    #[arguments(return: { purchaseId: $purchase_id, idempotencyKey: $idempotency_key, reason: $reason })]
    pub new_purchase_return_all: PurchaseReturnAllResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct PurchaseReturnAllResult {
    pub return_id: BigInt,
}
