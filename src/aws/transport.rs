//! Requests that got no answer from AWS: why, in plain words, read from the error
//! chain the SDK gives (which it prints as nested debug structures), and whether
//! the request was sent at all.
//!
//! Some of these cannot heal, so retrying them only makes a user wait: a host name
//! that does not resolve, a TLS handshake that fails. A refused connection or a
//! timeout may pass, and is retried within a budget of seconds (see `retry`).

use std::error::Error as StdError;
use std::io;

use aws_sdk_cognitoidentityprovider::error::SdkError;

/// Why a request got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoAnswer {
    /// The endpoint's host name does not resolve; nothing was sent.
    Unresolvable,
    /// The TLS handshake failed (the reason given); nothing was sent.
    Tls(String),
    /// The endpoint refused the connection; nothing was sent.
    Refused,
    /// No connection could be made for another reason (given); nothing was sent.
    NotConnected(String),
    /// The request went out and no answer came in time.
    TimedOut,
    /// The connection broke after the request may have gone out (the reason given).
    Dropped(String),
    /// The request could not be built (the reason given); nothing was sent.
    Unbuildable(String),
}

impl NoAnswer {
    /// Whether the request cannot have reached AWS.
    pub fn was_not_sent(&self) -> bool {
        !matches!(self, NoAnswer::TimedOut | NoAnswer::Dropped(_))
    }

    /// Whether sending it again could help.
    pub fn may_heal(&self) -> bool {
        matches!(
            self,
            NoAnswer::Refused
                | NoAnswer::NotConnected(_)
                | NoAnswer::TimedOut
                | NoAnswer::Dropped(_)
        )
    }

    /// One readable sentence or two: what failed, against `endpoint` (a URL), and
    /// what to check; `tries` is how many times it was tried.
    pub fn describe(&self, endpoint: &str, region: &str, tries: u32) -> String {
        let host = host_of(endpoint);
        let times = match tries {
            1 => String::new(),
            n => format!(" ({n} tries)"),
        };
        match self {
            NoAnswer::Unresolvable => format!(
                "cannot resolve the host name {host}, so the request was not sent. Check the region \
                 ({region}) and the endpoint ({endpoint}), and that this machine can look up AWS's \
                 host names (DNS, network)."
            ),
            NoAnswer::Tls(reason) => format!(
                "the TLS handshake with {host} failed ({reason}), so the request was not sent. Check \
                 the endpoint URL ({endpoint}): AWS needs https://, a local server without TLS \
                 http://; and that this machine trusts the server's certificate."
            ),
            NoAnswer::Refused => format!(
                "{host} refused the connection{times}, so the request was not sent. Check the \
                 endpoint ({endpoint}) and that the service is listening there."
            ),
            NoAnswer::NotConnected(reason) => format!(
                "could not connect to {host}{times} ({reason}), so the request was not sent. Check \
                 the endpoint ({endpoint}) and the network between this machine and it."
            ),
            NoAnswer::TimedOut => format!(
                "no answer from {host}{times} in time; the request was sent. Check the network \
                 between this machine and the endpoint ({endpoint}), and any proxy or firewall."
            ),
            NoAnswer::Dropped(reason) => format!(
                "the connection to {host} broke before an answer came{times} ({reason}); the \
                 request may have been sent. Check the network between this machine and the \
                 endpoint ({endpoint})."
            ),
            NoAnswer::Unbuildable(reason) => format!(
                "the request could not be made ({reason}), so nothing was sent. Check the endpoint \
                 ({endpoint})."
            ),
        }
    }
}

/// Why an SDK error carries no answer from AWS; `None` for AWS's answers (service
/// errors).
pub fn diagnose<E, R>(error: &SdkError<E, R>) -> Option<NoAnswer>
where
    E: StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    match error {
        SdkError::ServiceError(_) => None,
        SdkError::ConstructionFailure(_) => Some(NoAnswer::Unbuildable(innermost(error))),
        SdkError::TimeoutError(_) => Some(NoAnswer::TimedOut),
        SdkError::ResponseError(_) => Some(NoAnswer::Dropped(innermost(error))),
        SdkError::DispatchFailure(failure) => Some(dispatch(error, failure.is_timeout())),
        _ => Some(NoAnswer::Dropped(innermost(error))),
    }
}

/// A failure to send: while connecting (nothing sent) or after (maybe sent).
fn dispatch(error: &(dyn StdError + 'static), timed_out: bool) -> NoAnswer {
    let links = chain(error);
    let says = |text: &str| links.iter().any(|e| e.to_string().contains(text));
    if says("dns error") || says("failed to lookup address") {
        return NoAnswer::Unresolvable;
    }
    if let Some(tls) = links.iter().find_map(|e| e.downcast_ref::<rustls::Error>()) {
        return NoAnswer::Tls(tls.to_string());
    }
    let io_kind = links
        .iter()
        .find_map(|e| e.downcast_ref::<io::Error>())
        .map(io::Error::kind);
    if io_kind == Some(io::ErrorKind::ConnectionRefused) {
        return NoAnswer::Refused;
    }
    let connecting = links.iter().any(|e| {
        e.downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some_and(hyper_util::client::legacy::Error::is_connect)
    });
    if connecting || timed_out {
        // The connector's own timeout is the connect timeout: nothing was sent.
        return NoAnswer::NotConnected(innermost(error));
    }
    NoAnswer::Dropped(innermost(error))
}

/// `error` and its sources, with the error an `io::Error` wraps (whose `source`
/// skips it) in its place.
fn chain<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut links = Vec::new();
    let mut next = Some(error);
    while let Some(link) = next {
        links.push(link);
        next = match link
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => link.source(),
        };
    }
    links
}

/// The deepest error's text: the plainest words in the chain.
fn innermost(error: &(dyn StdError + 'static)) -> String {
    chain(error)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The host (and port) of a URL, or the text as given.
pub fn host_of(endpoint: &str) -> &str {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wrapper(Box<dyn StdError + Send + Sync>);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("client error (Connect)")
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(self.0.as_ref())
        }
    }

    #[test]
    fn connection_failures_are_told_apart_through_io_errors() {
        let refused = Wrapper(Box::new(io::Error::from(io::ErrorKind::ConnectionRefused)));
        assert_eq!(dispatch(&refused, false), NoAnswer::Refused);
        let dns = Wrapper(Box::new(io::Error::other(
            "failed to lookup address information: Name or service not known",
        )));
        assert_eq!(dispatch(&dns, false), NoAnswer::Unresolvable);
        let tls = Wrapper(Box::new(io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
        )));
        assert!(matches!(dispatch(&tls, false), NoAnswer::Tls(_)));
        let reset = Wrapper(Box::new(io::Error::from(io::ErrorKind::ConnectionReset)));
        assert!(matches!(dispatch(&reset, false), NoAnswer::Dropped(_)));
        assert!(matches!(dispatch(&reset, true), NoAnswer::NotConnected(_)));
    }

    #[test]
    fn descriptions_say_what_failed_and_what_to_check_in_plain_words() {
        let text = NoAnswer::Unresolvable.describe(
            "https://cognito-idp.eu-wst-1.amazonaws.com",
            "eu-wst-1",
            1,
        );
        assert!(text.starts_with("cannot resolve the host name cognito-idp.eu-wst-1.amazonaws.com"));
        assert!(
            text.contains("request was not sent") && text.contains("Check the region (eu-wst-1)")
        );
        let refused = NoAnswer::Refused.describe("http://127.0.0.1:1", "us-east-1", 7);
        assert!(
            refused.starts_with("127.0.0.1:1 refused the connection (7 tries)"),
            "{refused}"
        );
        assert!(NoAnswer::Unresolvable.was_not_sent() && !NoAnswer::Unresolvable.may_heal());
        assert!(!NoAnswer::TimedOut.was_not_sent() && NoAnswer::TimedOut.may_heal());
        assert_eq!(host_of("https://h.example:8443/path"), "h.example:8443");
        assert_eq!(host_of("h.example"), "h.example");
    }
}
