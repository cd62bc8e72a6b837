//! Kronor operations, each written against the schema of the role whose token runs it
//! (`schema/merchant.graphqls` for the merchant token, `schema/payment-gateway.graphqls` for a
//! payment session's token); cynic checks every field, argument and variable type at compile
//! time.

pub mod capture;
pub mod create;
pub mod instalments;
pub mod payment_request;
pub mod payment_session;
pub mod purchase_order;
pub mod purchases;
pub mod refund;

#[cfg(test)]
mod tests {
    //! Every operation's document, validated against Kronor's schema by a second GraphQL
    //! implementation (apollo-compiler) — including those the sandbox does not serve.
    use super::*;
    use apollo_compiler::{ExecutableDocument, Schema};
    use cynic::{MutationBuilder, QueryBuilder, SubscriptionBuilder};

    #[test]
    fn every_document_is_valid_against_merchant_graphqls() {
        let schema = Schema::builder()
            .ignore_builtin_redefinitions()
            .parse(
                include_str!("../../schema/merchant.graphqls"),
                "merchant.graphqls",
            )
            .build()
            .unwrap()
            .validate()
            .unwrap();
        let order = || create::NewPurchaseOrder {
            idempotency_key: "k".into(),
            merchant_reference: None,
            national_identification_number: "198506122384".into(),
            purchase_country: create::Country::Se,
            purchase_language: create::Language::Sv,
            purchase_lines: vec![],
            purchase_total_amount: 0,
            purchase_tax_amount: 0,
            billing_address: create::Address {
                first_name: String::new(),
                last_name: String::new(),
                email: String::new(),
                phone_number: String::new(),
                street_address: String::new(),
                postal_code: String::new(),
                city: String::new(),
                country: create::Country::Se,
            },
            shipping_address: None,
        };
        let id = || purchase_order::OrderIdVariables { id: "k".into() };
        let documents = [
            create::CreateWithInvoice::build(create::CreateVariables { purchase: order() }).query,
            instalments::CreateWithInstalments::build(instalments::InstalmentsVariables {
                purchase: order().into(),
            })
            .query,
            purchase_order::PurchaseOrderQuery::build(id()).query,
            purchase_order::PurchaseOrderSubscription::build(id())
                .query()
                .to_owned(),
            purchase_order::CancelPurchaseOrder::build(purchase_order::CancelVariables {
                purchase_order_id: "k".into(),
            })
            .query,
            purchases::PurchasesByReference::build(purchases::ByReferenceVariables {
                reference: "r".into(),
            })
            .query,
            purchases::PurchasesById::build(purchases::ByIdVariables { id: None }).query,
            capture::CaptureAll::build(capture::CaptureAllVariables {
                purchase_id: crate::BigInt(1),
                idempotency_key: "k".into(),
                description: None,
            })
            .query,
            refund::ReturnAll::build(refund::ReturnAllVariables {
                purchase_id: crate::BigInt(1),
                idempotency_key: "k".into(),
                reason: None,
            })
            .query,
        ];
        for document in documents {
            assert!(!document.contains("newPurchaseOrder("), "{document}");
            if let Err(e) = ExecutableDocument::parse_and_validate(&schema, &document, "op.graphql")
            {
                panic!("{document}\n{e}");
            }
        }
    }
}
