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
    //! Every operation's document, validated against its role's schema by a second GraphQL
    //! implementation (apollo-compiler) — including those the sandbox does not serve.
    use super::*;
    use apollo_compiler::validation::Valid;
    use apollo_compiler::{ExecutableDocument, Schema};
    use cynic::{MutationBuilder, QueryBuilder, SubscriptionBuilder};

    fn merchant() -> Valid<Schema> {
        load(
            include_str!("../../schema/merchant.graphqls"),
            "merchant.graphqls",
        )
    }

    fn gateway() -> Valid<Schema> {
        load(
            include_str!("../../schema/payment-gateway.graphqls"),
            "payment-gateway.graphqls",
        )
    }

    fn load(sdl: &str, name: &str) -> Valid<Schema> {
        Schema::builder()
            .ignore_builtin_redefinitions()
            .parse(sdl, name)
            .build()
            .unwrap()
            .validate()
            .unwrap()
    }

    fn assert_valid(schema: &Valid<Schema>, documents: &[String], role: &str) {
        for document in documents {
            if let Err(e) = ExecutableDocument::parse_and_validate(schema, document, "op.graphql") {
                panic!("not valid for the {role} role:\n{document}\n{e}");
            }
        }
    }

    #[test]
    fn session_documents_are_valid_against_payment_gateway_graphqls_only() {
        let wait = || payment_request::WaitTokenVariables {
            wait_token: crate::scalars::Uuid("00000000-0000-0000-0000-000000000000".into()),
        };
        let documents = [
            payment_request::NewSwishPayment::build(payment_request::SwishVariables {
                pay: payment_request::SwishPaymentInput {
                    flow: "mcom".into(),
                    idempotency_key: "k".into(),
                    return_url: "https://example.se/".into(),
                },
            })
            .query,
            payment_request::PaymentRequestQuery::build(wait()).query,
            payment_request::PaymentRequestSubscription::build(wait())
                .query()
                .to_owned(),
            payment_request::CancelPayment::build(payment_request::CancelPaymentVariables {
                idempotency_key: "k".into(),
            })
            .query,
        ];
        assert_valid(&gateway(), &documents, "payment-gateway");
        // The roles differ: the merchant's `SwishDetails` has no `qrCode`, so the session's
        // read of a payment request would not run with the merchant token (the merchant's
        // `SwishPaymentInput` and `PaymentCancelInput` also need more fields, which a
        // document-level check cannot see: cynic's compile-time check against the gateway
        // schema is what keeps those right).
        for document in &documents[1..3] {
            assert!(document.contains("qrCode"), "{document}");
            assert!(
                ExecutableDocument::parse_and_validate(&merchant(), document, "op.graphql")
                    .is_err(),
                "{document}"
            );
        }
    }

    #[test]
    fn merchant_payment_documents_are_valid_against_merchant_graphqls() {
        let documents = [
            payment_session::NewSession::build(payment_session::SessionVariables {
                payment: payment_session::SessionInput {
                    amount: 100,
                    country: create::Country::Se,
                    currency: payment_session::Currency::Sek,
                    expires_at: "2026-12-07T10:00:00Z".into(),
                    idempotency_key: "k".into(),
                    merchant_reference: "r".into(),
                    message: "m".into(),
                },
            })
            .query,
            payment_session::RefundPayment::build(payment_session::RefundVariables {
                payment_id: Some(crate::BigInt(1)),
                amount: 100,
                idempotency_key: "k".into(),
                message: "m".into(),
            })
            .query,
            payment_session::MerchantPaymentRequestQuery::build(
                payment_session::MerchantWaitTokenVariables {
                    wait_token: crate::scalars::Uuid("w".into()),
                },
            )
            .query,
        ];
        assert_valid(&merchant(), &documents, "merchant");
    }

    /// The merchant role reads its `PaymentStatusEnum` into the session role's derive
    /// (`MerchantPaymentStatus`): sound only while both schemas list the same values.
    #[test]
    fn both_roles_have_the_same_payment_statuses() {
        let values = |schema: &Valid<Schema>| -> Vec<String> {
            let mut values: Vec<String> = schema
                .get_enum("PaymentStatusEnum")
                .expect("PaymentStatusEnum")
                .values
                .keys()
                .map(|v| v.to_string())
                .collect();
            values.sort();
            values
        };
        let merchant = values(&merchant());
        assert_eq!(merchant, values(&gateway()));
        assert_eq!(merchant.len(), 16);
    }

    #[test]
    fn every_document_is_valid_against_merchant_graphqls() {
        let schema = merchant();
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
