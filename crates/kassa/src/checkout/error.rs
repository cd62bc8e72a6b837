//! What can go wrong in a checkout, with a stable code for the UI.

use crate::ErrorCode;

/// A checkout error. Kronor's own refusals keep Kronor's message, which names the field.
#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    /// The till's core refused something (storage, totals, a customer field...).
    #[error(transparent)]
    Till(#[from] crate::Error),
    /// The sale cannot become a Kronor order as it is.
    #[error("{0}")]
    InvalidOrder(String),
    /// Kronor answered with an error (after the client's retries).
    #[error(transparent)]
    Kronor(#[from] kronor::Error),
    #[error("There is no checkout {0}.")]
    NotFound(i64),
    /// The checkout already went too far to be cancelled.
    #[error("The checkout can no longer be cancelled: it is {0}.")]
    NotCancellable(&'static str),
    /// The control unit cannot sign the sale's receipt now (or ever, as the record stands).
    #[error("{}", .0.en())]
    ControlUnit(#[from] crate::control_unit::UnitError),
}

/// `{code, message}` for the UI: the core's shape, so the UI sees one closed set of codes.
pub type CheckoutErrorBody = crate::ErrorBody;

impl CheckoutError {
    /// The code the UI switches on: the core's code for [`CheckoutError::Till`], else one of
    /// the checkout codes of [`ErrorCode`].
    pub fn code(&self) -> ErrorCode {
        match self {
            CheckoutError::Till(e) => e.code(),
            CheckoutError::InvalidOrder(_) => ErrorCode::InvalidOrder,
            CheckoutError::Kronor(kronor::Error::Validation { .. }) => ErrorCode::PaymentRefused,
            CheckoutError::Kronor(kronor::Error::Auth { .. }) => ErrorCode::PaymentAuth,
            CheckoutError::Kronor(kronor::Error::OutcomeUnknown { .. }) => {
                ErrorCode::PaymentOutcomeUnknown
            }
            CheckoutError::Kronor(kronor::Error::Protocol { .. }) => ErrorCode::PaymentProtocol,
            CheckoutError::Kronor(_) => ErrorCode::PaymentUnavailable,
            CheckoutError::NotFound(_) => ErrorCode::NotFound,
            CheckoutError::NotCancellable(_) => ErrorCode::NotCancellable,
            CheckoutError::ControlUnit(_) => ErrorCode::ControlUnit,
        }
    }

    /// Whether trying the same step again (same keys) may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            CheckoutError::Kronor(e) => e.is_retryable(),
            CheckoutError::Till(crate::Error::Storage(_)) => true,
            CheckoutError::ControlUnit(e) => e.action() == crate::control_unit::Action::Retry,
            _ => false,
        }
    }

    pub fn body(&self) -> CheckoutErrorBody {
        CheckoutErrorBody {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

impl From<rusqlite::Error> for CheckoutError {
    fn from(e: rusqlite::Error) -> Self {
        CheckoutError::Till(crate::Error::Storage(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI switches on these strings; they must not change when the enum moves.
    #[test]
    fn checkout_errors_keep_their_ui_codes() {
        let m = || "m".to_owned();
        let cases = [
            (CheckoutError::InvalidOrder(m()), "invalid_order"),
            (
                kronor::Error::Validation { message: m() }.into(),
                "payment_refused",
            ),
            (kronor::Error::Auth { message: m() }.into(), "payment_auth"),
            (
                kronor::Error::Temporary { message: m() }.into(),
                "payment_unavailable",
            ),
            (
                kronor::Error::Transport { message: m() }.into(),
                "payment_unavailable",
            ),
            (
                kronor::Error::OutcomeUnknown { message: m() }.into(),
                "payment_outcome_unknown",
            ),
            (
                kronor::Error::Protocol { message: m() }.into(),
                "payment_protocol",
            ),
            (CheckoutError::NotFound(7), "not_found"),
            (CheckoutError::NotCancellable("captured"), "not_cancellable"),
            (crate::Error::EmptySale.into(), "empty_sale"),
        ];
        for (error, code) in cases {
            let body = serde_json::to_value(error.body()).expect("json");
            assert_eq!(body["code"], code, "{error}");
            assert_eq!(body["message"], error.to_string());
        }
    }
}
