//! The HTTP side of a delivery: one POST with a short timeout, no redirects followed, no
//! proxy, every name resolved by a resolver that refuses internal addresses (unless the
//! instance allows them), and a bounded excerpt of the answer.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use confitrek_domain::webhooks::resolved_allowed;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;

/// Characters of a response body kept in the log.
pub const EXCERPT_CHARS: usize = 1024;

/// Resolves a name and refuses it when any address is internal: checked at each connection,
/// so a name re-pointed after it was saved reaches nothing internal either.
struct CheckedResolver {
    allow_private: bool,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<std::net::SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let ips: Vec<IpAddr> = found.iter().map(|a| a.ip()).collect();
            resolved_allowed(&ips, allow_private)
                .map_err(|refusal| std::io::Error::other(format!("the name {refusal}")))?;
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// One message, signed.
pub struct Message {
    pub url: String,
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
    pub body: String,
}

/// What came back.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub status: Option<u16>,
    pub duration: Duration,
    pub excerpt: Option<String>,
    pub error: Option<String>,
}

pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
    timeout: Duration,
}

/// Makes ring the process's TLS provider, as every reqwest client of the process needs
/// (reqwest brings none of its own here); installing it again changes nothing.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Sender {
    pub fn new(timeout: Duration, allow_private: bool) -> anyhow::Result<Self> {
        install_tls_provider();
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(timeout)
            .dns_resolver(Arc::new(CheckedResolver { allow_private }))
            .user_agent(concat!("ConfiTrek-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            client,
            allow_private,
            timeout,
        })
    }

    pub async fn send(&self, message: Message) -> Answer {
        let started = Instant::now();
        // An address in the URL itself is never resolved: it is checked here.
        if let Err(refusal) = super::target::parsed(&message.url, self.allow_private) {
            return Answer {
                error: Some(format!("not sent: the URL {refusal}")),
                ..Answer::default()
            };
        }
        let request = self
            .client
            .post(&message.url)
            .header("content-type", "application/json")
            .header("webhook-id", &message.id)
            .header("webhook-timestamp", message.timestamp.to_string())
            .header("webhook-signature", &message.signature)
            .body(message.body);
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                return Answer {
                    duration: started.elapsed(),
                    error: Some(self.describe(&e)),
                    ..Answer::default()
                };
            }
        };
        let status = response.status().as_u16();
        let mut body = Vec::new();
        let mut error = None;
        // Only the start of the body is read: a receiver cannot make the server hold more.
        while body.len() < EXCERPT_CHARS * 4 {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => {
                    error = Some(self.describe(&e));
                    break;
                }
            }
        }
        let excerpt: String = String::from_utf8_lossy(&body)
            .chars()
            .take(EXCERPT_CHARS)
            .collect();
        if error.is_none() && !confitrek_domain::webhooks::is_success(status) {
            error = Some(format!("the receiver answered {status}"));
        }
        Answer {
            status: Some(status),
            duration: started.elapsed(),
            excerpt: (!excerpt.is_empty()).then_some(excerpt),
            error,
        }
    }

    /// What went wrong, without the URL (it may carry a token of the receiver's).
    fn describe(&self, e: &reqwest::Error) -> String {
        if e.is_timeout() {
            return format!("no answer within {} s", self.timeout.as_secs_f64());
        }
        let mut text = if e.is_connect() {
            "could not connect".to_owned()
        } else {
            "the request failed".to_owned()
        };
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}
