//! go-plugin's start-up contract: the magic cookie, the protocol version, and the
//! one handshake line on stdout that tells Terraform where to connect.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

/// The cookie Terraform sets so that a plugin knows it was launched by Terraform.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// The only plugin protocol this provider speaks.
pub const PROTOCOL_VERSION: u32 = 6;

/// Shown to a person who runs the binary by hand.
pub const NOT_LAUNCHED_BY_TERRAFORM: &str =
    "This binary is a plugin. These are not meant to be executed directly.
Please execute the program that consumes these plugins, which will
load any plugins automatically.

This is a Terraform provider for Amazon Cognito user pool clients. Point Terraform
at it with a dev_overrides block or a filesystem mirror (see the README), or run it
with --debug to serve it for TF_REATTACH_PROVIDERS.";

pub fn launched_by_terraform(cookie: Option<&str>) -> bool {
    cookie == Some(MAGIC_COOKIE_VALUE)
}

/// Whether the client offered protocol 6 in `PLUGIN_PROTOCOL_VERSIONS` (its order is random).
pub fn client_offers_our_protocol(versions: Option<&str>) -> bool {
    versions.is_none_or(|list| {
        list.split(',')
            .any(|v| v.trim().parse() == Ok(PROTOCOL_VERSION))
    })
}

/// Where the server listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    Unix(std::path::PathBuf),
    Tcp(std::net::SocketAddr),
}

impl Address {
    pub fn network(&self) -> &'static str {
        match self {
            Address::Unix(_) => "unix",
            Address::Tcp(_) => "tcp",
        }
    }

    pub fn text(&self) -> String {
        match self {
            Address::Unix(path) => path.display().to_string(),
            Address::Tcp(addr) => addr.to_string(),
        }
    }
}

/// `CORE|APP|NETWORK|ADDRESS|grpc|CERT`: the certificate is the server's DER in
/// standard base64 without padding (go-plugin decodes it with the unpadded decoder),
/// and empty when serving without TLS.
pub fn handshake_line(address: &Address, server_certificate_der: Option<&[u8]>) -> String {
    let certificate = server_certificate_der
        .map(|der| STANDARD_NO_PAD.encode(der))
        .unwrap_or_default();
    format!(
        "1|{PROTOCOL_VERSION}|{}|{}|grpc|{certificate}",
        address.network(),
        address.text()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_line_has_six_fields_and_unpadded_certificate() {
        let line = handshake_line(&Address::Unix("/tmp/p.sock".into()), Some(&[1, 2, 3, 4]));
        assert_eq!(line, "1|6|unix|/tmp/p.sock|grpc|AQIDBA");
        let plain = handshake_line(&Address::Tcp("127.0.0.1:10000".parse().unwrap()), None);
        assert_eq!(plain, "1|6|tcp|127.0.0.1:10000|grpc|");
    }

    #[test]
    fn protocol_6_is_found_in_any_order() {
        assert!(client_offers_our_protocol(Some("5,6")));
        assert!(client_offers_our_protocol(Some("6,5")));
        assert!(!client_offers_our_protocol(Some("5")));
    }

    #[test]
    fn only_the_exact_cookie_counts() {
        assert!(launched_by_terraform(Some(MAGIC_COOKIE_VALUE)));
        assert!(!launched_by_terraform(Some("x")));
        assert!(!launched_by_terraform(None));
    }
}
