//! The one error type the till branches on.

/// What went wrong talking to Kronor. The variants are the decisions the till makes.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The token was refused (expired, revoked, wrong role). Retrying will not help.
    #[error("Kronor refused the credentials: {message}")]
    Auth { message: String },
    /// Kronor refused the request's content (or the client refused it before sending);
    /// `message` is what to show.
    #[error("{message}")]
    Validation { message: String },
    /// Kronor said "try again later" (TEMPORARY_FAILURE, HTTP 5xx or 429), after all retries.
    #[error("Kronor is temporarily unavailable: {message}")]
    Temporary { message: String },
    /// The request was sent but no answer came back (timeout, connection dropped): it may or
    /// may not have taken effect. Retry with the same idempotency key or look the order up.
    #[error("no answer from Kronor, the outcome is unknown: {message}")]
    OutcomeUnknown { message: String },
    /// Kronor could not be reached at all; nothing was sent.
    #[error("cannot reach Kronor: {message}")]
    Transport { message: String },
    /// Kronor answered something this client does not understand.
    #[error("unexpected answer from Kronor: {message}")]
    Protocol { message: String },
}

impl Error {
    /// Whether the same request (with the same idempotency key) may be sent again.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::Temporary { .. } | Error::OutcomeUnknown { .. } | Error::Transport { .. }
        )
    }

    pub(crate) fn protocol(message: impl Into<String>) -> Self {
        Error::Protocol {
            message: message.into(),
        }
    }

    pub(crate) fn validation(message: impl Into<String>) -> Self {
        Error::Validation {
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_transient_errors_are_retryable() {
        let m = || "m".to_owned();
        assert!(Error::Temporary { message: m() }.is_retryable());
        assert!(Error::OutcomeUnknown { message: m() }.is_retryable());
        assert!(Error::Transport { message: m() }.is_retryable());
        assert!(!Error::Auth { message: m() }.is_retryable());
        assert!(!Error::Validation { message: m() }.is_retryable());
        assert!(!Error::Protocol { message: m() }.is_retryable());
    }
}
