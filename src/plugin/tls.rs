//! AutoMTLS as go-plugin does it: a fresh self-signed server certificate per launch,
//! and a client certificate pinned to the exact DER Terraform passed us.
//!
//! Terraform's certificate is ECDSA P-521 with basicConstraints CA:TRUE, which
//! WebPKI-style verification rejects as a leaf and ring cannot verify at all, so we
//! pin the DER and check handshake signatures with aws-lc-rs.

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName, Error, ServerConfig,
    SignatureScheme,
};

/// A server certificate and key made for this process only.
pub struct ServerIdentity {
    pub certificate: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

/// Generates the server's certificate: P-256, SAN localhost (the name the Go client
/// checks), valid from a little in the past to cover clock skew.
pub fn generate_identity() -> anyhow::Result<ServerIdentity> {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()])?;
    let mut name = rcgen::DistinguishedName::new();
    name.push(rcgen::DnType::OrganizationName, "HashiCorp");
    name.push(rcgen::DnType::CommonName, "localhost");
    params.distinguished_name = name;
    let now = std::time::SystemTime::now();
    params.not_before = (now - std::time::Duration::from_secs(30)).into();
    params.not_after = (now + std::time::Duration::from_secs(60 * 60 * 24 * 365)).into();
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
    ];
    let certificate = params.self_signed(&key)?;
    Ok(ServerIdentity {
        certificate: certificate.der().clone(),
        key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
    })
}

/// Reads the first certificate of the PEM in `PLUGIN_CLIENT_CERT`.
pub fn parse_client_certificate(pem: &str) -> anyhow::Result<CertificateDer<'static>> {
    let mut reader = pem.as_bytes();
    let first = rustls_pemfile::certs(&mut reader).next();
    first
        .ok_or_else(|| anyhow::anyhow!("PLUGIN_CLIENT_CERT holds no PEM certificate"))?
        .map_err(|error| anyhow::anyhow!("PLUGIN_CLIENT_CERT is not valid PEM: {error}"))
}

fn crypto_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// The TLS configuration: client certificate required and pinned, ALPN `h2` (grpc-go
/// refuses TLS connections without it).
pub fn server_config(
    identity: ServerIdentity,
    client_certificate: CertificateDer<'static>,
) -> anyhow::Result<ServerConfig> {
    let provider = crypto_provider();
    let verifier = Arc::new(PinnedClientCertificate {
        expected: client_certificate,
        provider: provider.clone(),
    });
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![identity.certificate], identity.key)?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(config)
}

/// Accepts exactly one client certificate, byte for byte.
#[derive(Debug)]
struct PinnedClientCertificate {
    expected: CertificateDer<'static>,
    provider: Arc<CryptoProvider>,
}

impl ClientCertVerifier for PinnedClientCertificate {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        if end_entity.as_ref() == self.expected.as_ref() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            certificate,
            signature,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            certificate,
            signature,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_accepts_only_the_pinned_certificate_and_knows_p521() {
        let provider = crypto_provider();
        let pinned = generate_identity().unwrap().certificate;
        let other = generate_identity().unwrap().certificate;
        let verifier = PinnedClientCertificate {
            expected: pinned.clone(),
            provider,
        };
        assert!(verifier
            .verify_client_cert(&pinned, &[], UnixTime::now())
            .is_ok());
        assert!(verifier
            .verify_client_cert(&other, &[], UnixTime::now())
            .is_err());
        assert!(verifier
            .supported_verify_schemes()
            .contains(&SignatureScheme::ECDSA_NISTP521_SHA512));
    }

    #[test]
    fn server_config_offers_h2() {
        let client = generate_identity().unwrap().certificate;
        let config = server_config(generate_identity().unwrap(), client).unwrap();
        assert_eq!(config.alpn_protocols, vec![b"h2".to_vec()]);
    }

    #[test]
    fn client_certificate_pem_is_parsed_or_refused() {
        assert!(parse_client_certificate("not pem").is_err());
        let der = generate_identity().unwrap().certificate;
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der.as_ref())
        );
        assert_eq!(parse_client_certificate(&pem).unwrap(), der);
    }
}
