//! Finding completed purchases by the till's reference or by Kronor's id.

use crate::scalars::BigInt;
use crate::schema::schema;

/// A purchase's status values (`PurchaseStatusEnum`); unknown values are kept.
#[derive(cynic::Enum, Clone, Debug, PartialEq, Eq, Hash)]
#[cynic(graphql_type = "PurchaseStatusEnum")]
pub enum PurchaseStatus {
    Cancelled,
    CaptureDone,
    InstalmentsAuthorize,
    InstalmentPrePayment,
    PartiallyCaptured,
    Returned,
    WaitingForCapture,
    #[cynic(fallback)]
    Unknown(String),
}

#[derive(cynic::QueryFragment, Clone, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "CurrentPurchaseStatus")]
pub struct PurchaseStatusEntry {
    pub status: PurchaseStatus,
    pub entered_at: jiff::Timestamp,
}

/// A completed checkout.
#[derive(cynic::QueryFragment, Clone, Debug, PartialEq, Eq)]
pub struct Purchase {
    pub id: BigInt,
    pub merchant_reference: String,
    /// Öre including VAT.
    pub total_amount: BigInt,
    pub tax_amount: BigInt,
    pub created_at: jiff::Timestamp,
    #[cynic(rename = "status")]
    pub statuses: Option<Vec<PurchaseStatusEntry>>,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct ByReferenceVariables {
    pub reference: String,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "query_root", variables = "ByReferenceVariables")]
pub struct PurchasesByReference {
    #[arguments(where: { merchantReference: { _eq: $reference } })]
    pub purchases: Vec<Purchase>,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct ByIdVariables {
    /// Optional only because the filter's `_eq` is nullable; always set.
    pub id: Option<BigInt>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "query_root", variables = "ByIdVariables")]
pub struct PurchasesById {
    #[arguments(where: { id: { _eq: $id } })]
    pub purchases: Vec<Purchase>,
}
