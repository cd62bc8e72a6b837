//! Creating a purchase order (`newPurchaseOrderWithInvoice`) and the input types it takes.

use crate::schema::schema;
use crate::token::WaitToken;

/// A new purchase order (a checkout) as Kronor's `PurchaseOrderWithInvoiceInput`.
/// Amounts are öre including VAT; tax rates are basis points ×100 (25 % = 2500).
#[derive(cynic::InputObject, Clone, Debug, PartialEq, Eq)]
#[cynic(
    graphql_type = "PurchaseOrderWithInvoiceInput",
    rename_all = "camelCase"
)]
pub struct NewPurchaseOrder {
    /// Kronor's id of the order; the same key on every attempt makes the create happen once.
    pub idempotency_key: String,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<String>,
    /// The customer's personnummer.
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

/// One line of a purchase order (`PurchaseOrderLineInput`).
#[derive(cynic::InputObject, Clone, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "PurchaseOrderLineInput", rename_all = "camelCase")]
pub struct PurchaseLine {
    pub name: String,
    pub quantity: i32,
    /// Öre including VAT, before discount.
    pub price_per_item: i32,
    /// Basis points ×100: 25 % = 2500.
    pub tax_rate: i32,
    /// `quantity × pricePerItem − totalDiscountAmount`.
    pub total_amount: i32,
    pub total_tax_amount: i32,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub total_discount_amount: Option<i32>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A customer's address (`AddressInput`).
#[derive(cynic::InputObject, Clone, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "AddressInput", rename_all = "camelCase")]
pub struct Address {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone_number: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub country: Country,
}

/// Country of a purchase or address (`Country`).
#[derive(cynic::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "Country")]
#[allow(missing_docs)]
pub enum Country {
    At,
    Be,
    Ch,
    Cy,
    Cz,
    De,
    Dk,
    Ee,
    Es,
    Fi,
    Fo,
    Fr,
    Gb,
    Gr,
    Hr,
    Hu,
    Ie,
    Is,
    It,
    Lt,
    Lu,
    Lv,
    Mt,
    Nl,
    No,
    Pl,
    Pt,
    Ro,
    Se,
    Si,
    Sk,
}

/// Language of a purchase (`Language`, ISO-639-1).
#[derive(cynic::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "Language")]
pub enum Language {
    Cs,
    Da,
    De,
    El,
    En,
    Es,
    Et,
    Fi,
    Fr,
    Hr,
    Hu,
    Is,
    It,
    Lb,
    Lt,
    Lv,
    Mt,
    Nl,
    No,
    Pl,
    Pt,
    Ro,
    Sk,
    Sl,
    Sv,
}

/// What Kronor returns for a new purchase order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedPurchaseOrder {
    /// The purchase order's id (equal to the idempotency key today).
    pub id: String,
    /// Scoped token for watching this order and for the SCA page.
    pub wait_token: WaitToken,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct CreateVariables {
    pub purchase: NewPurchaseOrder,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "CreateVariables")]
pub struct CreateWithInvoice {
    #[arguments(purchase: $purchase)]
    pub new_purchase_order_with_invoice: PurchaseOrderWithInvoiceResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct PurchaseOrderWithInvoiceResult {
    pub id: String,
    pub wait_token: String,
}

impl From<CreateWithInvoice> for CreatedPurchaseOrder {
    fn from(data: CreateWithInvoice) -> Self {
        let result = data.new_purchase_order_with_invoice;
        CreatedPurchaseOrder {
            id: result.id,
            wait_token: WaitToken::new(result.wait_token),
        }
    }
}
