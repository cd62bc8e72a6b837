//! Creating a purchase order paid in instalments (`newPurchaseOrderWithInstalments`): the same
//! order as with invoice, under the input type Kronor names for instalments.

use super::create::{
    Address, Country, CreatedPurchaseOrder, Language, NewPurchaseOrder, PurchaseLine,
};
use crate::schema::schema;
use crate::token::WaitToken;

#[derive(cynic::InputObject, Debug)]
#[cynic(
    graphql_type = "PurchaseOrderWithInstalmentsInput",
    rename_all = "camelCase"
)]
pub struct InstalmentsInput {
    pub idempotency_key: String,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<String>,
    pub national_identification_number: String,
    pub purchase_country: Country,
    pub purchase_language: Language,
    pub purchase_lines: Vec<PurchaseLine>,
    pub purchase_total_amount: i32,
    pub purchase_tax_amount: i32,
    pub billing_address: Address,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
}

impl From<NewPurchaseOrder> for InstalmentsInput {
    fn from(order: NewPurchaseOrder) -> Self {
        InstalmentsInput {
            idempotency_key: order.idempotency_key,
            merchant_reference: order.merchant_reference,
            national_identification_number: order.national_identification_number,
            purchase_country: order.purchase_country,
            purchase_language: order.purchase_language,
            purchase_lines: order.purchase_lines,
            purchase_total_amount: order.purchase_total_amount,
            purchase_tax_amount: order.purchase_tax_amount,
            billing_address: order.billing_address,
            shipping_address: order.shipping_address,
        }
    }
}

#[derive(cynic::QueryVariables, Debug)]
pub struct InstalmentsVariables {
    pub purchase: InstalmentsInput,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "InstalmentsVariables")]
pub struct CreateWithInstalments {
    #[arguments(purchase: $purchase)]
    pub new_purchase_order_with_instalments: PurchaseOrderWithInstalmentsResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct PurchaseOrderWithInstalmentsResult {
    pub id: String,
    pub wait_token: String,
}

impl From<CreateWithInstalments> for CreatedPurchaseOrder {
    fn from(data: CreateWithInstalments) -> Self {
        let result = data.new_purchase_order_with_instalments;
        CreatedPurchaseOrder {
            id: result.id,
            wait_token: WaitToken::new(result.wait_token),
        }
    }
}
