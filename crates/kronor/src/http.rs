//! GraphQL over HTTP: one POST per attempt, errors classified, retries with the same body.

use crate::config::RetryPolicy;
use crate::token::Credential;
use crate::{ClientConfig, Error, MerchantToken, Sleeper};
use cynic::{GraphQlResponse, Operation};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use url::Url;

pub(crate) struct Http {
    client: reqwest::Client,
    url: Url,
    token: MerchantToken,
    retry: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
}

impl Http {
    pub(crate) fn new(config: &ClientConfig, tls: rustls::ClientConfig) -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|e| Error::Transport {
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Http {
            client,
            url: config.environment.graphql_url(),
            token: config.token.clone(),
            retry: config.retry.clone(),
            sleeper: config.sleeper.clone(),
        })
    }

    /// Runs an operation, retrying transient failures with the identical body (so the same
    /// idempotency key). If any attempt's answer was lost, a final transient failure is
    /// reported as [`Error::OutcomeUnknown`]: the first attempt may have taken effect.
    pub(crate) async fn run<Q, V>(
        &self,
        operation: &Operation<Q, V>,
        credential: Credential<'_>,
    ) -> Result<Q, Error>
    where
        Q: DeserializeOwned,
        V: Serialize,
    {
        let body = encode(operation)?;
        let mut answer_lost = false;
        let mut retry = 0;
        loop {
            let error = match self.attempt::<Q>(&body, credential).await {
                Ok(data) => return Ok(data),
                Err(error) => error,
            };
            answer_lost |= matches!(error, Error::OutcomeUnknown { .. });
            if !error.is_retryable() {
                return Err(error);
            }
            if retry >= self.retry.delays.len() {
                return Err(match error {
                    Error::OutcomeUnknown { .. } => error,
                    other if answer_lost => Error::OutcomeUnknown {
                        message: format!("an earlier attempt got no answer; last: {other}"),
                    },
                    other => other,
                });
            }
            tracing::debug!(retry, %error, "retrying Kronor request");
            self.sleeper.sleep(self.retry.delay(retry)).await;
            retry += 1;
        }
    }

    /// One attempt, no retries (the watch's polling has its own rhythm).
    pub(crate) async fn run_once<Q, V>(
        &self,
        operation: &Operation<Q, V>,
        credential: Credential<'_>,
    ) -> Result<Q, Error>
    where
        Q: DeserializeOwned,
        V: Serialize,
    {
        self.attempt(&encode(operation)?, credential).await
    }

    /// The `Authorization` value for a credential (also what a WebSocket's `connection_init`
    /// carries).
    pub(crate) fn bearer(&self, credential: Credential<'_>) -> String {
        match credential {
            Credential::Merchant => self.token.bearer(),
            Credential::Wait(token) => token.bearer(),
            Credential::Session(token) => token.bearer(),
        }
    }

    async fn attempt<Q: DeserializeOwned>(
        &self,
        body: &[u8],
        credential: Credential<'_>,
    ) -> Result<Q, Error> {
        let response = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::AUTHORIZATION, self.bearer(credential))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .send()
            .await
            .map_err(request_error)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(request_error)?;
        decode(status.as_u16(), &bytes)
    }
}

/// Serializes an operation as the POST body `{query, variables, operationName}`.
pub(crate) fn encode<Q, V: Serialize>(operation: &Operation<Q, V>) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(operation)
        .map_err(|e| Error::protocol(format!("cannot encode request: {e}")))
}

/// `extensions` of a Kronor/Hasura error: `code` (Hasura) and `type` (Kronor's mutations).
#[derive(Deserialize, Debug, Default)]
pub(crate) struct ErrorExtensions {
    code: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Turns an HTTP answer into data or a classified error; never panics on odd bodies.
pub(crate) fn decode<Q: DeserializeOwned>(status: u16, body: &[u8]) -> Result<Q, Error> {
    if status == 429 || (500..600).contains(&status) {
        return Err(Error::Temporary {
            message: format!("HTTP {status}"),
        });
    }
    if status == 401 || status == 403 {
        return Err(Error::Auth {
            message: format!("HTTP {status}"),
        });
    }
    let parsed: Result<GraphQlResponse<Q, ErrorExtensions>, _> = serde_json::from_slice(body);
    match parsed {
        Ok(response) => from_response(response),
        Err(e)
            if status == 400
                && String::from_utf8_lossy(body)
                    .to_lowercase()
                    .contains("token") =>
        {
            Err(Error::Auth {
                message: format!("HTTP 400: {}", snippet(body, e)),
            })
        }
        Err(e) if !(200..300).contains(&status) => Err(Error::protocol(format!(
            "HTTP {status}: {}",
            snippet(body, e)
        ))),
        Err(e) => Err(Error::protocol(format!("malformed answer: {e}"))),
    }
}

pub(crate) fn from_response<Q>(response: GraphQlResponse<Q, ErrorExtensions>) -> Result<Q, Error> {
    if let Some(error) = response.errors.and_then(|errors| errors.into_iter().next()) {
        return Err(classify(
            error.message,
            error.extensions.unwrap_or_default(),
        ));
    }
    response
        .data
        .ok_or_else(|| Error::protocol("answer has neither data nor errors"))
}

fn classify(message: String, extensions: ErrorExtensions) -> Error {
    match (extensions.kind.as_deref(), extensions.code.as_deref()) {
        (Some("TEMPORARY_FAILURE"), _) => Error::Temporary { message },
        (Some("VALIDATION_FAILURE"), _) => Error::Validation { message },
        (_, Some("invalid-jwt" | "invalid-headers" | "access-denied" | "jwt-invalid-claims")) => {
            Error::Auth { message }
        }
        // Hasura's own codes for a document it cannot run: the client's fault, not the user's.
        (_, Some("validation-failed" | "parse-failed" | "bad-request")) => {
            Error::Protocol { message }
        }
        // Without a type or code nothing says the request was at fault ("internal server
        // error", Hasura's `unexpected`): Kronor's own failure, to be retried with the same key.
        (None, None | Some("unexpected")) => Error::Temporary { message },
        _ => Error::Validation { message },
    }
}

fn snippet(body: &[u8], error: serde_json::Error) -> String {
    let text = String::from_utf8_lossy(body);
    let short: String = text.chars().take(200).collect();
    format!("{short} ({error})")
}

fn request_error(error: reqwest::Error) -> Error {
    let message = error.to_string();
    if error.is_connect() {
        // Nothing left the machine: safe to call a plain transport failure.
        Error::Transport { message }
    } else if error.is_builder() {
        Error::protocol(message)
    } else {
        // Timed out or dropped after sending: Kronor may have acted on it.
        Error::OutcomeUnknown { message }
    }
}

#[cfg(test)]
mod tests {
    use super::decode;
    use crate::Error;
    use crate::operations::purchase_order::{OrderStatus, PurchaseOrderQuery};
    use crate::scalars::BigInt;

    fn order_json(status: &str, purchase_id: &str) -> String {
        format!(
            r#"{{"data":{{"purchaseOrders":[{{"id":"k1","merchantReference":"r1",
            "status":[{{"status":"{status}","enteredAt":"2026-01-01T00:00:00.000000+00:00"}}],
            "resultingPurchaseId":{purchase_id}}}]}}}}"#
        )
    }

    #[test]
    fn bigint_as_string_or_number_in_an_answer() {
        for id in ["\"77\"", "77"] {
            let data: PurchaseOrderQuery =
                decode(200, order_json("WAITING_FOR_CAPTURE", id).as_bytes()).unwrap();
            let order = &data.purchase_orders[0];
            assert_eq!(order.resulting_purchase_id, Some(BigInt(77)));
            assert!(order.is_approved() && order.is_final());
            assert_eq!(
                order.statuses()[0].entered_at.to_string(),
                "2026-01-01T00:00:00Z"
            );
        }
    }

    #[test]
    fn unknown_status_is_kept_not_an_error() {
        let data: PurchaseOrderQuery =
            decode(200, order_json("AWAITING_MOON", "null").as_bytes()).unwrap();
        let order = &data.purchase_orders[0];
        assert_eq!(
            order.statuses()[0].status,
            OrderStatus::Unknown("AWAITING_MOON".into())
        );
        assert!(!order.is_final());
    }

    #[test]
    fn malformed_or_incomplete_answers_are_protocol_errors() {
        for body in [
            "{not json",
            "",
            r#"{"data":{"purchaseOrders":[{"id":"k1"}]}}"#,
            r#"{"data":{"purchaseOrders":[{"id":"k1","merchantReference":"r","status":[],"resultingPurchaseId":"x"}]}}"#,
            r#"{"data":null}"#,
            r#"[1,2,3]"#,
        ] {
            let result = decode::<PurchaseOrderQuery>(200, body.as_bytes());
            assert!(
                matches!(result, Err(Error::Protocol { .. })),
                "{body}: {result:?}"
            );
        }
    }

    #[test]
    fn errors_are_classified_for_the_till() {
        let err = |ext: &str| {
            let body = format!(r#"{{"errors":[{{"message":"m","extensions":{ext}}}]}}"#);
            decode::<PurchaseOrderQuery>(200, body.as_bytes()).unwrap_err()
        };
        let m = || "m".to_owned();
        assert_eq!(
            err(r#"{"type":"TEMPORARY_FAILURE"}"#),
            Error::Temporary { message: m() }
        );
        assert_eq!(
            err(r#"{"type":"VALIDATION_FAILURE","code":"x"}"#),
            Error::Validation { message: m() }
        );
        assert_eq!(
            err(r#"{"code":"invalid-jwt"}"#),
            Error::Auth { message: m() }
        );
        assert_eq!(
            err(r#"{"code":"access-denied"}"#),
            Error::Auth { message: m() }
        );
        assert_eq!(
            err(r#"{"code":"validation-failed"}"#),
            Error::Protocol { message: m() }
        );
        assert_eq!(
            decode::<PurchaseOrderQuery>(200, br#"{"errors":[{"message":"m"}]}"#).unwrap_err(),
            Error::Temporary { message: m() },
            "an error without extensions is Kronor's own failure, not a refused order"
        );
        assert_eq!(err(r#"{}"#), Error::Temporary { message: m() });
        assert_eq!(
            err(r#"{"code":"unexpected"}"#),
            Error::Temporary { message: m() }
        );
        assert!(matches!(
            decode::<PurchaseOrderQuery>(503, b"oops"),
            Err(Error::Temporary { .. })
        ));
        assert!(matches!(
            decode::<PurchaseOrderQuery>(500, b""),
            Err(Error::Temporary { .. })
        ));
        assert!(matches!(
            decode::<PurchaseOrderQuery>(429, b""),
            Err(Error::Temporary { .. })
        ));
        assert!(matches!(
            decode::<PurchaseOrderQuery>(401, b""),
            Err(Error::Auth { .. })
        ));
        assert!(matches!(
            decode::<PurchaseOrderQuery>(400, b"Invalid token"),
            Err(Error::Auth { .. })
        ));
        assert!(matches!(
            decode::<PurchaseOrderQuery>(404, b"<html>"),
            Err(Error::Protocol { .. })
        ));
    }
}
