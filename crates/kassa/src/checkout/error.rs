//! What can go wrong in a checkout, with a stable code for the UI.

use serde::Serialize;

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
}

/// `{code, message}` for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutErrorBody {
    pub code: String,
    pub message: String,
}

impl CheckoutError {
    /// A code from a closed set: the core's codes for [`CheckoutError::Till`], else one of
    /// `invalid_order`, `payment_refused`, `payment_auth`, `payment_unavailable`,
    /// `payment_outcome_unknown`, `payment_protocol`, `not_found`, `not_cancellable`.
    pub fn code(&self) -> String {
        let fixed = match self {
            CheckoutError::Till(e) => {
                return serde_json::to_value(e.code())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "storage".to_owned());
            }
            CheckoutError::InvalidOrder(_) => "invalid_order",
            CheckoutError::Kronor(kronor::Error::Validation { .. }) => "payment_refused",
            CheckoutError::Kronor(kronor::Error::Auth { .. }) => "payment_auth",
            CheckoutError::Kronor(kronor::Error::OutcomeUnknown { .. }) => {
                "payment_outcome_unknown"
            }
            CheckoutError::Kronor(kronor::Error::Protocol { .. }) => "payment_protocol",
            CheckoutError::Kronor(_) => "payment_unavailable",
            CheckoutError::NotFound(_) => "not_found",
            CheckoutError::NotCancellable(_) => "not_cancellable",
        };
        fixed.to_owned()
    }

    /// Whether trying the same step again (same keys) may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            CheckoutError::Kronor(e) => e.is_retryable(),
            CheckoutError::Till(crate::Error::Storage(_)) => true,
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
