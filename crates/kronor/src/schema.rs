//! The generated schema modules: kept alone so that rebuilding operations does not regenerate
//! them.

/// The merchant role (`schema/merchant.graphqls`): operations run with the merchant token.
#[cynic::schema("kronor")]
pub mod schema {}

/// The payment-gateway role (`schema/payment-gateway.graphqls`): operations run with a
/// payment session's token.
#[cynic::schema("kronor_gateway")]
pub mod gateway_schema {}
