//! Where Kronor is: production, staging, or any other base (the sandbox).

use url::Url;

/// Which Kronor the till talks to. The only difference between them is these URLs.
// One per client, built once: boxing `Custom` would save nothing that matters and would
// change every place that writes `Environment::Custom { .. }`.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    Production,
    Staging,
    /// Any other Kronor, e.g. kronor-sandbox: its GraphQL endpoint and its SCA page base.
    Custom {
        graphql_url: Url,
        sca_url: Url,
        /// A Kronor whose customers pay Swish on a web page instead of the Swish app (the
        /// local sandbox serves `/swish/?token=<waitToken>`); `None` shows Swish's own QR code.
        swish_page: Option<Url>,
    },
}

impl Environment {
    /// The GraphQL-over-HTTP endpoint.
    pub fn graphql_url(&self) -> Url {
        match self {
            Environment::Production => fixed("https://kronor.io/v1/graphql"),
            Environment::Staging => fixed("https://staging.kronor.io/v1/graphql"),
            Environment::Custom { graphql_url, .. } => graphql_url.clone(),
        }
    }

    /// The WebSocket endpoint: the GraphQL URL with `http` → `ws`, `https` → `wss`.
    pub fn ws_url(&self) -> Url {
        let mut url = self.graphql_url();
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        // http(s) → ws(s) is always an allowed scheme change for a special URL.
        let _ = url.set_scheme(scheme);
        url
    }

    /// The base of the customer's SCA (BankID) page.
    pub fn sca_base(&self) -> Url {
        match self {
            Environment::Production => fixed("https://sca.kronor.io/"),
            Environment::Staging => fixed("https://sca.staging.kronor.io/"),
            Environment::Custom { sca_url, .. } => sca_url.clone(),
        }
    }

    /// The SCA page for one purchase order: `<base>?token=<waitToken>[&success_url=<url>]`,
    /// every value percent-encoded.
    pub fn sca_url(&self, wait_token: &crate::WaitToken, success_url: Option<&Url>) -> Url {
        let mut url = self.sca_base();
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("token", wait_token.as_str());
            if let Some(success) = success_url {
                query.append_pair("success_url", success.as_str());
            }
        }
        url
    }

    /// What the QR code for a Swish payment encodes: with a `swish_page`,
    /// `<page>?token=<waitToken>` (percent-encoded); otherwise Swish's own QR content for the
    /// `qrCode` token Kronor gave ([`swish_qr_content`]).
    pub fn swish_qr(&self, qr_token: &str, wait_token: &str) -> String {
        match self {
            Environment::Custom {
                swish_page: Some(page),
                ..
            } => {
                let mut url = page.clone();
                url.query_pairs_mut().append_pair("token", wait_token);
                url.into()
            }
            _ => swish_qr_content(qr_token),
        }
    }
}

/// Swish's in-store QR format for a payment request token: the letter `D` followed by the
/// token. Kept in this one function: the only line to change if Kronor's staging shows
/// otherwise.
pub fn swish_qr_content(qr_token: &str) -> String {
    format!("D{qr_token}")
}

fn fixed(url: &'static str) -> Url {
    // These literals are valid URLs; a failure here would be a typo caught by the unit tests.
    Url::parse(url).unwrap_or_else(|_| unreachable!("fixed Kronor URL {url} parses"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WaitToken;

    #[test]
    fn production_and_staging_urls() {
        assert_eq!(
            Environment::Production.ws_url().as_str(),
            "wss://kronor.io/v1/graphql"
        );
        assert_eq!(
            Environment::Staging.graphql_url().as_str(),
            "https://staging.kronor.io/v1/graphql"
        );
        assert_eq!(
            Environment::Staging.ws_url().as_str(),
            "wss://staging.kronor.io/v1/graphql"
        );
        let custom = Environment::Custom {
            graphql_url: Url::parse("http://127.0.0.1:8700/v1/graphql").unwrap(),
            sca_url: Url::parse("http://127.0.0.1:8700/").unwrap(),
            swish_page: None,
        };
        assert_eq!(custom.ws_url().as_str(), "ws://127.0.0.1:8700/v1/graphql");
    }

    #[test]
    fn sca_url_encodes_token_and_success_url() {
        let token = WaitToken::new("a.b+c/d=e&f");
        let success = Url::parse("https://shop.example/done?order=12&x=a b").unwrap();
        let url = Environment::Production.sca_url(&token, Some(&success));
        assert_eq!(
            url.as_str(),
            "https://sca.kronor.io/?token=a.b%2Bc%2Fd%3De%26f&success_url=https%3A%2F%2Fshop.example%2Fdone%3Forder%3D12%26x%3Da%2520b"
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[0], ("token".into(), "a.b+c/d=e&f".into()));
        assert_eq!(pairs[1], ("success_url".into(), success.to_string()));
        let plain = Environment::Staging.sca_url(&WaitToken::new("tok"), None);
        assert_eq!(plain.as_str(), "https://sca.staging.kronor.io/?token=tok");
    }

    #[test]
    fn swish_qr_content_is_d_and_the_token() {
        assert_eq!(swish_qr_content("abc-123"), "Dabc-123");
    }

    #[test]
    fn swish_qr_is_the_page_when_there_is_one_else_swish_content() {
        assert_eq!(Environment::Production.swish_qr("q1", "w1"), "Dq1");
        let sandbox = |swish_page| Environment::Custom {
            graphql_url: Url::parse("http://127.0.0.1:8700/v1/graphql").unwrap(),
            sca_url: Url::parse("http://127.0.0.1:8700/").unwrap(),
            swish_page,
        };
        assert_eq!(sandbox(None).swish_qr("q1", "w1"), "Dq1");
        let page = Url::parse("http://127.0.0.1:8700/swish/").unwrap();
        assert_eq!(
            sandbox(Some(page)).swish_qr("q1", "a+b/c&d"),
            "http://127.0.0.1:8700/swish/?token=a%2Bb%2Fc%26d"
        );
    }
}
