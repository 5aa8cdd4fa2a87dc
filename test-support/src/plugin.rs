//! Launches the provider binary exactly as go-plugin does for Terraform, and talks to it.
//!
//! The point is to catch the failures that only show up under a real go-plugin client:
//! the environment contract (magic cookie, protocol versions, port range, client
//! certificate), the strict handshake line, AutoMTLS with Terraform's P-521 CA:TRUE
//! certificate pinned in both directions, ALPN `h2`, and the auxiliary services. So the
//! client here mirrors go-plugin's choices rather than being lenient.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, ensure, Context as _, Result};
use base64::Engine as _;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use tempfile::NamedTempFile;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::oneshot;
use tonic::transport::{Channel, Endpoint, Uri};

use terraform_provider_aws::proto::plugin::grpc_controller_client::GrpcControllerClient;
use terraform_provider_aws::proto::tfplugin6::{
    get_provider_schema, provider_client::ProviderClient,
};

/// go-plugin's handshake cookie for Terraform providers (terraform-plugin-go's `HandshakeConfig`).
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// The value Terraform sets; a provider must refuse to run without it.
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// go-plugin's client defaults for `PLUGIN_MIN_PORT` / `PLUGIN_MAX_PORT`.
pub const PORT_RANGE: RangeInclusive<u16> = 10000..=25000;
/// Terraform lets the schema response reach 64 MiB (`grpc_provider.go`); we do the same
/// so that a large schema is not mistaken for a provider fault.
pub const MAX_RECEIVE_BYTES: usize = 64 << 20;

/// Upper bound for any single RPC made through this harness.
pub const RPC_TIMEOUT: Duration = Duration::from_secs(60);

/// Variables from the developer's shell that would change the provider's behaviour
/// under test; the launcher removes them and sets only what the options say.
const SCRUBBED_ENV: &[&str] = &[
    MAGIC_COOKIE_KEY,
    "TF_LOG",
    "TF_LOG_PROVIDER",
    "TF_LOG_PATH",
    "TF_REATTACH_PROVIDERS",
    "PLUGIN_PROTOCOL_VERSIONS",
    "PLUGIN_MIN_PORT",
    "PLUGIN_MAX_PORT",
    "PLUGIN_CLIENT_CERT",
    "PLUGIN_UNIX_SOCKET_DIR",
    "PLUGIN_UNIX_SOCKET_GROUP",
    "PLUGIN_MULTIPLEX_GRPC",
];

// ---------------------------------------------------------------------------
// Client identity
// ---------------------------------------------------------------------------

/// A client certificate and key shaped like the one Terraform generates per launch.
///
/// The shape matters: P-521/SHA-512 is unsupported by ring, and CA:TRUE on a leaf is
/// rejected by webpki, so a provider that tests only with a friendlier certificate can
/// still fail under Terraform.
#[derive(Clone)]
pub struct ClientIdentity {
    pub cert_der: CertificateDer<'static>,
    pub cert_pem: String,
    key_pkcs8: Vec<u8>,
}

impl ClientIdentity {
    /// Generates go-plugin's `generateCert` template: ECDSA P-521 signed with SHA-512,
    /// O=HashiCorp CN=localhost, SAN DNS:localhost, CA:TRUE, digitalSignature |
    /// keyEncipherment | keyAgreement | keyCertSign, EKU clientAuth + serverAuth,
    /// valid from 30 s ago for 262980 hours.
    pub fn generate() -> Result<Self> {
        use rcgen::{
            BasicConstraints, CertificateParams, DistinguishedName, DnType,
            ExtendedKeyUsagePurpose as Eku, IsCa, KeyPair, KeyUsagePurpose as Ku,
        };
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512)?;
        let mut params = CertificateParams::new(vec!["localhost".to_string()])?;
        let mut subject = DistinguishedName::new();
        subject.push(DnType::OrganizationName, "HashiCorp");
        subject.push(DnType::CommonName, "localhost");
        params.distinguished_name = subject;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            Ku::DigitalSignature,
            Ku::KeyEncipherment,
            Ku::KeyAgreement,
            Ku::KeyCertSign,
        ];
        params.extended_key_usages = vec![Eku::ClientAuth, Eku::ServerAuth];
        // rcgen's time type is not re-exported; offsetting its epoch avoids a direct dependency.
        let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH)?;
        params.not_before =
            rcgen::date_time_ymd(1970, 1, 1) + (since_epoch - Duration::from_secs(30));
        params.not_after = params.not_before + Duration::from_secs(262_980 * 3600);
        let cert = params.self_signed(&key)?;
        Ok(Self {
            cert_der: cert.der().clone(),
            cert_pem: cert.pem(),
            key_pkcs8: key.serialize_der(),
        })
    }

    fn private_key(&self) -> PrivateKeyDer<'static> {
        PrivatePkcs8KeyDer::from(self.key_pkcs8.clone()).into()
    }
}

/// Which certificate the test client shows the provider in the TLS handshake.
#[derive(Clone)]
pub enum Presented {
    /// The certificate passed in `PLUGIN_CLIENT_CERT`, as Terraform does.
    EnvCert,
    /// Some other certificate: the provider must refuse it.
    Other(ClientIdentity),
    /// No certificate at all: the provider must refuse the connection.
    Nothing,
}

// ---------------------------------------------------------------------------
// Launch options
// ---------------------------------------------------------------------------

/// How to launch the provider. `Default` is what Terraform does.
#[derive(Clone)]
pub struct Options {
    pub binary: PathBuf,
    /// Arguments of `binary` (none for the provider itself).
    pub args: Vec<std::ffi::OsString>,
    /// Set `PLUGIN_CLIENT_CERT` (AutoMTLS, Terraform's default). Off = `TF_DISABLE_PLUGIN_TLS`.
    pub tls: bool,
    /// The certificate presented by `Plugin::start_with`'s connection.
    pub presented: Presented,
    /// `None` leaves the cookie out, as when a human runs the binary directly.
    pub magic_cookie: Option<String>,
    /// Terraform's order is random (Go map iteration), so tests try both.
    pub protocol_versions: String,
    /// Extra variables, applied last (e.g. `TF_LOG`).
    pub env: Vec<(String, String)>,
    /// Terraform waits a minute; tests fail sooner to keep feedback quick.
    pub handshake_timeout: Duration,
    /// The app protocol version the handshake must announce: 6 for this provider; 5
    /// lets the benchmark launch a protocol-5 Go provider for comparison.
    pub app_version: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            binary: crate::provider_binary(),
            args: Vec::new(),
            tls: true,
            presented: Presented::EnvCert,
            magic_cookie: Some(MAGIC_COOKIE_VALUE.to_string()),
            protocol_versions: "5,6".to_string(),
            env: Vec::new(),
            handshake_timeout: Duration::from_secs(30),
            app_version: "6".to_string(),
        }
    }
}

impl Options {
    /// Adds (or overrides) one environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Launches as Terraform does with `TF_DISABLE_PLUGIN_TLS` set: no client certificate.
    pub fn without_tls(mut self) -> Self {
        self.tls = false;
        self
    }

    pub fn protocol_versions(mut self, versions: &str) -> Self {
        self.protocol_versions = versions.to_string();
        self
    }

    pub fn without_magic_cookie(mut self) -> Self {
        self.magic_cookie = None;
        self
    }

    pub fn presenting(mut self, presented: Presented) -> Self {
        self.presented = presented;
        self
    }

    /// Launches the provider through a shell that stays in between as its parent and
    /// writes the provider's process id to `pid_file`: the process a test drives is the
    /// shell, so killing it leaves the provider without the process that launched it,
    /// as when a go-plugin client dies or exits without shutting its plugins down.
    pub fn through_shell(mut self, pid_file: &Path) -> Self {
        let provider = std::mem::replace(&mut self.binary, PathBuf::from("/bin/sh"));
        self.args = vec![
            "-c".into(),
            r#""$0" & echo $! > "$1"; wait"#.into(),
            provider.into(),
            pid_file.into(),
        ];
        self
    }

    /// The command with go-plugin's environment; stdio is left to the caller.
    fn command(&self, identity: Option<&ClientIdentity>) -> Command {
        let mut command = Command::new(&self.binary);
        command.args(&self.args);
        for key in SCRUBBED_ENV {
            command.env_remove(key);
        }
        if let Some(cookie) = &self.magic_cookie {
            command.env(MAGIC_COOKIE_KEY, cookie);
        }
        command
            .env("PLUGIN_PROTOCOL_VERSIONS", &self.protocol_versions)
            .env("PLUGIN_MIN_PORT", PORT_RANGE.start().to_string())
            .env("PLUGIN_MAX_PORT", PORT_RANGE.end().to_string());
        if let Some(identity) = identity {
            command.env("PLUGIN_CLIENT_CERT", &identity.cert_pem);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command.stdin(Stdio::null());
        command
    }
}

// ---------------------------------------------------------------------------
// Handshake line
// ---------------------------------------------------------------------------

/// Where the provider listens, from handshake fields 3 and 4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    Unix(PathBuf),
    Tcp(SocketAddr),
}

/// The parsed and validated first stdout line.
#[derive(Clone, Debug)]
pub struct Handshake {
    /// The line as printed, without its line terminator.
    pub line: String,
    /// The six `|`-separated fields, unmodified.
    pub fields: Vec<String>,
    pub address: Address,
    /// The server certificate from field 6; `None` when serving plaintext.
    pub server_cert: Option<CertificateDer<'static>>,
}

impl Handshake {
    /// Parses the line and checks every field the way go-plugin's client would, so a
    /// line accepted here is one Terraform accepts.
    pub fn parse(line: &str, expect_tls: bool, app_version: &str) -> Result<Self> {
        let fields: Vec<String> = line.split('|').map(str::to_string).collect();
        ensure!(
            fields.len() == 6,
            "handshake has {} fields, expected 6 (a 7th is only allowed with PLUGIN_MULTIPLEX_GRPC): {line:?}",
            fields.len()
        );
        ensure!(
            fields[0] == "1",
            "core protocol version is {:?}, go-plugin requires 1",
            fields[0]
        );
        ensure!(
            fields[1] == app_version,
            "app protocol version is {:?}, expected {app_version}",
            fields[1]
        );
        let address = parse_address(&fields[2], &fields[3])?;
        ensure!(
            fields[4] == "grpc",
            "protocol is {:?}, Terraform only speaks grpc",
            fields[4]
        );
        let server_cert = parse_server_cert(&fields[5], expect_tls)?;
        Ok(Self {
            line: line.to_string(),
            fields,
            address,
            server_cert,
        })
    }

    pub fn app_version(&self) -> &str {
        &self.fields[1]
    }
}

/// Fields 3 and 4: a unix socket that exists, or a loopback port in go-plugin's range.
fn parse_address(network: &str, address: &str) -> Result<Address> {
    match network {
        "unix" => {
            use std::os::unix::fs::FileTypeExt as _;
            let path = PathBuf::from(address);
            ensure!(
                path.is_absolute(),
                "unix socket path {address:?} is not absolute"
            );
            let meta = fs::metadata(&path)
                .with_context(|| format!("unix socket {address:?} does not exist"))?;
            ensure!(meta.file_type().is_socket(), "{address:?} is not a socket");
            Ok(Address::Unix(path))
        }
        "tcp" => {
            let addr: SocketAddr = address
                .parse()
                .with_context(|| format!("tcp address {address:?} is not ip:port"))?;
            ensure!(
                addr.ip().is_loopback(),
                "tcp address {addr} is not loopback"
            );
            ensure!(
                PORT_RANGE.contains(&addr.port()),
                "port {} is outside PLUGIN_MIN_PORT..=PLUGIN_MAX_PORT",
                addr.port()
            );
            Ok(Address::Tcp(addr))
        }
        other => bail!("network is {other:?}, go-plugin accepts unix or tcp"),
    }
}

/// Field 6: unpadded standard base64 of a DER certificate when TLS is on, empty otherwise.
fn parse_server_cert(field: &str, expect_tls: bool) -> Result<Option<CertificateDer<'static>>> {
    if !expect_tls {
        ensure!(
            field.is_empty(),
            "no PLUGIN_CLIENT_CERT was given, yet field 6 is {field:?}"
        );
        return Ok(None);
    }
    // go-plugin only treats the field as a certificate when it is longer than 50 chars.
    ensure!(
        field.len() > 50,
        "PLUGIN_CLIENT_CERT was given but field 6 is {field:?}"
    );
    ensure!(
        !field.contains('='),
        "field 6 has '=' padding; Go decodes it with RawStdEncoding"
    );
    let der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(field)
        .context("field 6 is not unpadded standard base64")?;
    Ok(Some(CertificateDer::from(der)))
}

// ---------------------------------------------------------------------------
// X.509 checks that Go's crypto/x509 applies to the server certificate
// ---------------------------------------------------------------------------

/// The parts of a certificate that Go's client verification looks at.
///
/// go-plugin's client puts the server certificate alone in RootCAs and verifies for
/// "localhost", so Go checks: parseability (Go ≥ 1.23 rejects negative serials), the
/// validity window, the SAN, and that the EKU allows serverAuth. rustls only pins here,
/// so these are re-checked by hand with a minimal DER reader.
pub mod x509 {
    use anyhow::{bail, ensure, Context as _, Result};

    const OID_SAN: &[u8] = &[0x55, 0x1d, 0x11];
    const OID_EKU: &[u8] = &[0x55, 0x1d, 0x25];
    const OID_BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
    /// 1.3.6.1.5.5.7.3.1
    pub const EKU_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
    /// 1.3.6.1.5.5.7.3.2
    pub const EKU_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
    /// 2.5.29.37.0
    pub const EKU_ANY: &[u8] = &[0x55, 0x1d, 0x25, 0x00];

    #[derive(Debug, Default)]
    pub struct Facts {
        pub serial_is_negative: bool,
        /// Seconds since the Unix epoch.
        pub not_before: i64,
        pub not_after: i64,
        pub dns_names: Vec<String>,
        /// `None` when the certificate has no EKU extension (any usage allowed).
        pub extended_key_usages: Option<Vec<Vec<u8>>>,
        pub is_ca: bool,
    }

    impl Facts {
        pub fn parse(der: &[u8]) -> Result<Self> {
            let (cert, rest) = read(der)?;
            ensure!(rest.is_empty() && cert.tag == 0x30, "not a DER certificate");
            let parts = children(cert.body)?;
            let tbs = parts.first().context("certificate has no tbsCertificate")?;
            let mut fields = children(tbs.body)?.into_iter().peekable();
            if fields.peek().map(|f| f.tag) == Some(0xa0) {
                fields.next(); // explicit version
            }
            let serial = fields.next().context("no serial number")?;
            ensure!(serial.tag == 0x02, "serial number is not an INTEGER");
            let mut facts = Facts {
                serial_is_negative: serial.body.first().is_some_and(|b| b & 0x80 != 0),
                ..Facts::default()
            };
            let _signature_algorithm = fields.next();
            let _issuer = fields.next();
            let validity = fields.next().context("no validity")?;
            let times = children(validity.body)?;
            ensure!(times.len() == 2, "validity is not two times");
            facts.not_before = parse_time(&times[0])?;
            facts.not_after = parse_time(&times[1])?;
            for field in fields {
                if field.tag == 0xa3 {
                    let (extensions, _) = read(field.body)?;
                    for extension in children(extensions.body)? {
                        facts.absorb_extension(&extension)?;
                    }
                }
            }
            Ok(facts)
        }

        /// Valid at `now` (seconds since epoch), as Go's `isValid` checks.
        pub fn valid_at(&self, now: i64) -> bool {
            self.not_before <= now && now <= self.not_after
        }

        /// Whether Go's `Verify` with the default `ExtKeyUsageServerAuth` passes.
        pub fn allows_server_auth(&self) -> bool {
            match &self.extended_key_usages {
                None => true,
                Some(usages) => usages.iter().any(|u| u == EKU_SERVER_AUTH || u == EKU_ANY),
            }
        }

        fn absorb_extension(&mut self, extension: &Tlv<'_>) -> Result<()> {
            let parts = children(extension.body)?;
            let oid = parts.first().context("extension without OID")?.body;
            let value = parts.last().context("extension without value")?;
            ensure!(value.tag == 0x04, "extension value is not an OCTET STRING");
            let (inner, _) = read(value.body)?;
            if oid == OID_SAN {
                self.dns_names = children(inner.body)?
                    .iter()
                    .filter(|name| name.tag == 0x82)
                    .map(|name| String::from_utf8_lossy(name.body).into_owned())
                    .collect();
            } else if oid == OID_EKU {
                let usages = children(inner.body)?
                    .iter()
                    .map(|u| u.body.to_vec())
                    .collect();
                self.extended_key_usages = Some(usages);
            } else if oid == OID_BASIC_CONSTRAINTS {
                let flags = children(inner.body)?;
                self.is_ca = flags
                    .first()
                    .is_some_and(|f| f.tag == 0x01 && f.body.first() == Some(&0xff));
            }
            Ok(())
        }
    }

    /// One DER element: its (single-byte) tag and contents.
    pub struct Tlv<'a> {
        pub tag: u8,
        pub body: &'a [u8],
    }

    /// Reads one element and returns it with the bytes after it.
    pub fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8])> {
        let (&tag, rest) = input.split_first().context("truncated DER")?;
        let (&first, mut rest) = rest.split_first().context("truncated DER length")?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            ensure!(
                (1..=4).contains(&count) && rest.len() >= count,
                "bad DER length"
            );
            let len = rest[..count]
                .iter()
                .fold(0usize, |n, b| (n << 8) | usize::from(*b));
            rest = &rest[count..];
            len
        };
        ensure!(rest.len() >= len, "DER element longer than its input");
        Ok((
            Tlv {
                tag,
                body: &rest[..len],
            },
            &rest[len..],
        ))
    }

    /// The elements inside a constructed element's contents.
    pub fn children(mut body: &[u8]) -> Result<Vec<Tlv<'_>>> {
        let mut out = Vec::new();
        while !body.is_empty() {
            let (tlv, rest) = read(body)?;
            out.push(tlv);
            body = rest;
        }
        Ok(out)
    }

    /// UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) to epoch seconds.
    fn parse_time(tlv: &Tlv<'_>) -> Result<i64> {
        let text = std::str::from_utf8(tlv.body)?;
        let digits = text.strip_suffix('Z').context("time is not in UTC")?;
        let (year, rest) = match tlv.tag {
            0x17 => {
                let yy: i64 = digits.get(..2).context("short UTCTime")?.parse()?;
                (if yy < 50 { 2000 + yy } else { 1900 + yy }, &digits[2..])
            }
            0x18 => (
                digits.get(..4).context("short GeneralizedTime")?.parse()?,
                &digits[4..],
            ),
            other => bail!("unexpected time tag {other:#x}"),
        };
        ensure!(rest.len() == 10, "time {text:?} is not ...MMDDHHMMSS");
        let part = |i: usize| -> Result<i64> { Ok(rest[i..i + 2].parse()?) };
        let days = days_from_civil(year, part(0)?, part(2)?);
        Ok(days * 86_400 + part(4)? * 3600 + part(6)? * 60 + part(8)?)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

// ---------------------------------------------------------------------------
// TLS: the go-plugin client's side of AutoMTLS
// ---------------------------------------------------------------------------

/// Accepts exactly the certificate from the handshake, like go-plugin's RootCAs of one,
/// and applies Go's remaining leaf checks (see [`x509`]).
#[derive(Debug)]
struct PinnedServerCert {
    expected: CertificateDer<'static>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for PinnedServerCert {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() != self.expected.as_ref() {
            return Err(CertificateError::UnknownIssuer.into());
        }
        let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_name(&parsed, server_name)?;
        let facts = x509::Facts::parse(end_entity)
            .map_err(|e| rustls::Error::General(format!("server certificate: {e:#}")))?;
        check_like_go(&facts, now.as_secs() as i64).map_err(rustls::Error::from)?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The leaf checks Go's `x509.Certificate.Verify` makes that pinning does not cover.
fn check_like_go(facts: &x509::Facts, now: i64) -> Result<(), CertificateError> {
    if facts.serial_is_negative {
        return Err(CertificateError::BadEncoding);
    }
    if now < facts.not_before {
        return Err(CertificateError::NotValidYet);
    }
    if now > facts.not_after {
        return Err(CertificateError::Expired);
    }
    if !facts.allows_server_auth() {
        return Err(CertificateError::InvalidPurpose);
    }
    Ok(())
}

/// A rustls client config matching go-plugin's: aws-lc-rs (P-521 needs it), TLS 1.2+,
/// the pinned server certificate, optional client certificate, ALPN `h2`.
fn client_tls_config(
    server_cert: &CertificateDer<'static>,
    presented: Option<&ClientIdentity>,
) -> Result<rustls::ClientConfig> {
    let provider: Arc<CryptoProvider> = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = PinnedServerCert {
        expected: server_cert.clone(),
        algorithms: provider.signature_verification_algorithms,
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let mut config = match presented {
        Some(identity) => builder
            .with_client_auth_cert(vec![identity.cert_der.clone()], identity.private_key())?,
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(config)
}

/// Any byte stream tonic can run HTTP/2 over, so unix/tcp × tls/plain share one type.
trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// Opens one connection: socket, then (if configured) TLS with ALPN checked.
async fn dial(
    address: &Address,
    tls: Option<&tokio_rustls::TlsConnector>,
) -> std::io::Result<Box<dyn Io>> {
    let socket: Box<dyn Io> = match address {
        Address::Unix(path) => Box::new(tokio::net::UnixStream::connect(path).await?),
        Address::Tcp(addr) => {
            let stream = tokio::net::TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            Box::new(stream)
        }
    };
    let Some(tls) = tls else { return Ok(socket) };
    let name = ServerName::try_from("localhost").expect("valid server name");
    let stream = tls.connect(name, socket).await?;
    // grpc-go >= 1.67 (Terraform >= 1.12) drops TLS connections without ALPN h2.
    let alpn = stream.get_ref().1.alpn_protocol();
    if alpn != Some(b"h2".as_slice()) {
        return Err(std::io::Error::other(format!(
            "server negotiated ALPN {alpn:?}, grpc-go requires h2"
        )));
    }
    Ok(Box::new(stream))
}

/// A gRPC channel whose every (re)connection goes through [`dial`].
async fn connect_channel(
    address: Address,
    tls: Option<tokio_rustls::TlsConnector>,
) -> Result<Channel> {
    let connector = tower::service_fn(move |_: Uri| {
        let address = address.clone();
        let tls = tls.clone();
        async move {
            let io = dial(&address, tls.as_ref()).await?;
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(io))
        }
    });
    // The authority is only used for HTTP/2 headers; go-plugin dials "localhost" too.
    // The request timeout turns a provider that never answers into a failed test
    // instead of a hung one; no RPC the tests make should come near it.
    Endpoint::from_static("http://localhost")
        .connect_timeout(Duration::from_secs(10))
        .timeout(RPC_TIMEOUT)
        .connect_with_connector(connector)
        .await
        .context("gRPC connection to the provider failed")
}

// ---------------------------------------------------------------------------
// Child process plumbing
// ---------------------------------------------------------------------------

/// The first stdout line and when it arrived; `None` if stdout closed first.
type FirstLine = (Option<String>, Instant);

/// Reads the first line on a thread (so the caller can time out), then keeps
/// draining stdout as go-plugin does so that a chatty child never blocks on a full pipe.
fn watch_stdout(stdout: ChildStdout, rest: Arc<Mutex<Vec<u8>>>) -> oneshot::Receiver<FirstLine> {
    let (sender, receiver) = oneshot::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let got = reader.read_line(&mut line);
        let at = Instant::now();
        let first = match got {
            Ok(n) if n > 0 && line.ends_with('\n') => Some(line),
            Ok(_) | Err(_) => {
                rest.lock().unwrap().extend_from_slice(line.as_bytes());
                None
            }
        };
        let _ = sender.send((first, at));
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            rest.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    receiver
}

/// A spawned command with stdout watched; the clock starts right before `spawn`.
pub struct Spawned {
    pub child: Child,
    pub started: Instant,
    first_line: oneshot::Receiver<FirstLine>,
    pub stdout_rest: Arc<Mutex<Vec<u8>>>,
}

impl Spawned {
    pub fn spawn(mut command: Command) -> Result<Self> {
        command.stdout(Stdio::piped());
        let started = Instant::now();
        let mut child = command
            .spawn()
            .with_context(|| format!("spawning {command:?}"))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let stdout_rest = Arc::new(Mutex::new(Vec::new()));
        let first_line = watch_stdout(stdout, stdout_rest.clone());
        Ok(Self {
            child,
            started,
            first_line,
            stdout_rest,
        })
    }

    /// Waits for the first full line; returns it without its terminator, and the time
    /// from exec to its arrival.
    pub async fn first_line(&mut self, timeout: Duration) -> Result<(String, Duration)> {
        let received = tokio::time::timeout(timeout, &mut self.first_line)
            .await
            .with_context(|| format!("no stdout line within {timeout:?}"))?;
        let (line, at) = received.context("stdout reader thread died")?;
        let line = line.context("stdout closed before a full line")?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        // Go's client TrimSpaces the line, so a CRLF terminator is tolerated.
        let line = line.strip_suffix('\r').unwrap_or(line);
        Ok((line.to_string(), at - self.started))
    }
}

/// Polls for exit until `deadline`; `None` if the process is still running.
pub async fn wait_until(child: &mut Child, deadline: Instant) -> Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

// ---------------------------------------------------------------------------
// The plugin under test
// ---------------------------------------------------------------------------

/// Waits for the first stdout line and validates it as a handshake.
async fn read_handshake(spawned: &mut Spawned, options: &Options) -> Result<(Handshake, Duration)> {
    let (line, startup) = spawned.first_line(options.handshake_timeout).await?;
    let handshake = Handshake::parse(&line, options.tls, &options.app_version)?;
    Ok((handshake, startup))
}

/// Kills a child whose handshake failed and attaches its exit and stderr to `error`,
/// which is usually where the real cause is.
fn abandon(mut child: Child, stderr: &NamedTempFile, error: anyhow::Error) -> anyhow::Error {
    let _ = child.kill();
    let status = child.wait();
    let stderr = fs::read_to_string(stderr.path()).unwrap_or_default();
    error.context(format!(
        "provider handshake failed (exit: {status:?}); stderr:\n{stderr}"
    ))
}

/// How a `GRPCController.Shutdown` ended.
#[derive(Debug)]
pub struct ShutdownOutcome {
    /// The RPC's own result. Terraform ignores it; go-plugin's Go server never gets its
    /// reply out either (it stops the gRPC server inside the handler), so an error here
    /// is normal.
    pub rpc: std::result::Result<(), tonic::Status>,
    pub status: ExitStatus,
    /// From sending the RPC to observing the exit. Terraform SIGKILLs after 2 s.
    pub elapsed: Duration,
}

/// A running provider process and a connection to it. Dropping it kills the process.
pub struct Plugin {
    child: Child,
    identity: Option<ClientIdentity>,
    handshake: Handshake,
    startup: Duration,
    channel: Option<Channel>,
    stderr: NamedTempFile,
    stdout_rest: Arc<Mutex<Vec<u8>>>,
}

impl Plugin {
    /// Launches as Terraform does and connects with the certificate from the environment.
    pub async fn start() -> Result<Self> {
        Self::start_with(Options::default()).await
    }

    /// Launches with `options` and connects presenting `options.presented`.
    pub async fn start_with(options: Options) -> Result<Self> {
        let presented = options.presented.clone();
        let mut plugin = Self::launch(options).await?;
        plugin.connect(&presented).await?;
        Ok(plugin)
    }

    /// Connects the main channel (used by `provider()`, `controller()`, shutdown).
    pub async fn connect(&mut self, presented: &Presented) -> Result<()> {
        let channel = self
            .connect_as(presented)
            .await
            .with_context(|| self.describe())?;
        self.channel = Some(channel);
        Ok(())
    }

    /// Launches and validates the handshake line, without connecting.
    pub async fn launch(options: Options) -> Result<Self> {
        let identity = options.tls.then(ClientIdentity::generate).transpose()?;
        let stderr = NamedTempFile::new()?;
        let mut command = options.command(identity.as_ref());
        command.stderr(stderr.reopen()?);
        let mut spawned = Spawned::spawn(command)?;
        let (handshake, startup) = match read_handshake(&mut spawned, &options).await {
            Ok(parsed) => parsed,
            Err(error) => return Err(abandon(spawned.child, &stderr, error)),
        };
        Ok(Self {
            child: spawned.child,
            identity,
            handshake,
            startup,
            channel: None,
            stderr,
            stdout_rest: spawned.stdout_rest,
        })
    }

    /// Opens a new connection showing `presented`; plaintext if the handshake had no cert.
    pub async fn connect_as(&self, presented: &Presented) -> Result<Channel> {
        let tls = match &self.handshake.server_cert {
            None => None,
            Some(server_cert) => {
                let identity = match presented {
                    Presented::EnvCert => self.identity.as_ref(),
                    Presented::Other(other) => Some(other),
                    Presented::Nothing => None,
                };
                let config = client_tls_config(server_cert, identity)?;
                Some(tokio_rustls::TlsConnector::from(Arc::new(config)))
            }
        };
        connect_channel(self.handshake.address.clone(), tls).await
    }

    /// The `tfplugin6.Provider` client on the main connection.
    pub fn provider(&self) -> ProviderClient<Channel> {
        ProviderClient::new(self.channel()).max_decoding_message_size(MAX_RECEIVE_BYTES)
    }

    /// `GetProviderSchema` on the main connection; panics when the RPC fails.
    pub async fn schema(&self) -> get_provider_schema::Response {
        self.provider()
            .get_provider_schema(get_provider_schema::Request {})
            .await
            .expect("GetProviderSchema answers OK")
            .into_inner()
    }

    /// go-plugin's `plugin.GRPCController` client on the main connection.
    pub fn controller(&self) -> GrpcControllerClient<Channel> {
        GrpcControllerClient::new(self.channel())
    }

    /// The main connection, for clients of other services (e.g. health).
    pub fn channel(&self) -> Channel {
        self.channel
            .clone()
            .expect("not connected: use Plugin::start, or connect_as")
    }

    pub fn handshake(&self) -> &Handshake {
        &self.handshake
    }

    pub fn handshake_line(&self) -> &str {
        &self.handshake.line
    }

    /// Time from exec to the handshake line arriving on our side of the pipe.
    pub fn startup(&self) -> Duration {
        self.startup
    }

    /// The certificate passed in `PLUGIN_CLIENT_CERT`, if TLS is on.
    pub fn identity(&self) -> Option<&ClientIdentity> {
        self.identity.as_ref()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the provider wrote to stderr so far.
    pub fn stderr(&self) -> String {
        fs::read_to_string(self.stderr.path()).unwrap_or_default()
    }

    /// What the provider wrote to stdout after the handshake line.
    pub fn stdout_after_handshake(&self) -> Vec<u8> {
        self.stdout_rest.lock().unwrap().clone()
    }

    /// `None` while running.
    pub fn try_exit_status(&mut self) -> Result<Option<ExitStatus>> {
        Ok(self.child.try_wait()?)
    }

    /// Sends a signal by name (e.g. "INT") with kill(1), as a terminal's Ctrl-C would.
    pub fn signal(&self, name: &str) -> Result<()> {
        let status = Command::new("kill")
            .args(["-s", name, &self.pid().to_string()])
            .status()?;
        ensure!(status.success(), "kill -s {name} failed: {status}");
        Ok(())
    }

    /// Terraform's `Kill()`: call Shutdown, then wait for exit. Waits up to 10 s (not
    /// Terraform's 2 s) so that a slow exit is measured rather than cut off.
    pub async fn shutdown_and_wait(&mut self) -> Result<ShutdownOutcome> {
        let mut controller = self.controller();
        let sent = Instant::now();
        let rpc = controller
            .shutdown(terraform_provider_aws::proto::plugin::Empty {})
            .await
            .map(drop);
        let deadline = sent + Duration::from_secs(10);
        let status = wait_until(&mut self.child, deadline).await?;
        let elapsed = sent.elapsed();
        let status = status.ok_or_else(|| {
            anyhow!(
                "provider still running 10 s after Shutdown ({rpc:?}); {}",
                self.describe()
            )
        })?;
        Ok(ShutdownOutcome {
            rpc,
            status,
            elapsed,
        })
    }

    /// Launches with `options` and waits (up to `timeout`) for the process to exit by
    /// itself, e.g. when it refuses to run. Kills it if it does not.
    pub async fn run_to_exit(options: Options, timeout: Duration) -> Result<Output> {
        let identity = options.tls.then(ClientIdentity::generate).transpose()?;
        let (stdout, stderr) = (NamedTempFile::new()?, NamedTempFile::new()?);
        let mut command = options.command(identity.as_ref());
        command.stdout(stdout.reopen()?).stderr(stderr.reopen()?);
        let mut child = command.spawn()?;
        let exited = wait_until(&mut child, Instant::now() + timeout).await?;
        let Some(status) = exited else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("process still running after {timeout:?}");
        };
        Ok(Output {
            status,
            stdout: fs::read(stdout.path())?,
            stderr: fs::read(stderr.path())?,
        })
    }

    /// A summary for failure messages: handshake, exit status and stderr.
    fn describe(&self) -> String {
        format!(
            "handshake: {:?}; stderr:\n{}",
            self.handshake.line,
            self.stderr()
        )
    }
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// msgpack values for DynamicValue
// ---------------------------------------------------------------------------

/// Builds and reads `DynamicValue.msgpack` from `serde_json::Value`s.
///
/// Hand-written instead of `rmp_serde::to_vec_named` because this crate enables
/// serde_json's `arbitrary_precision`, under which a `Number` serializes as a map and
/// rmp-serde would write `{"$serde_json::private::Number": "1"}` instead of a number.
pub mod msgpack {
    use anyhow::{bail, ensure, Context as _, Result};
    use serde_json::{Map, Number, Value};
    use terraform_provider_aws::proto::tfplugin6::DynamicValue;

    /// A JSON stand-in for an unknown value: encoded as `d4 00 00`, and what any
    /// decoded msgpack ext becomes.
    pub const UNKNOWN: &str = "\u{0}<unknown>\u{0}";
    /// How go-cty writes a wholly unknown value (fixext1, type 0, one zero byte).
    pub const UNKNOWN_BYTES: [u8; 3] = [0xd4, 0x00, 0x00];

    /// `DynamicValue { msgpack }` for a JSON value (see [`encode`]).
    pub fn dynamic(value: &Value) -> DynamicValue {
        raw(encode(value))
    }

    /// `DynamicValue` with arbitrary (possibly malformed) msgpack bytes.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> DynamicValue {
        DynamicValue {
            msgpack: bytes.into(),
            json: Vec::new(),
        }
    }

    /// Encodes as Terraform does: objects as str-keyed maps, integers as ints, other
    /// numbers as float64 when exact or as a decimal string, [`UNKNOWN`] as an ext.
    pub fn encode(value: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, value);
        out
    }

    fn write(out: &mut Vec<u8>, value: &Value) {
        use rmp::encode as e;
        const OK: &str = "writing msgpack to a Vec cannot fail";
        match value {
            Value::Null => e::write_nil(out).expect(OK),
            Value::Bool(b) => e::write_bool(out, *b).expect(OK),
            Value::Number(n) => write_number(out, n),
            Value::String(s) if s == UNKNOWN => out.extend_from_slice(&UNKNOWN_BYTES),
            Value::String(s) => e::write_str(out, s).expect(OK),
            Value::Array(items) => {
                e::write_array_len(out, items.len() as u32).expect(OK);
                items.iter().for_each(|item| write(out, item));
            }
            Value::Object(map) => {
                e::write_map_len(out, map.len() as u32).expect(OK);
                for (key, item) in map {
                    e::write_str(out, key).expect(OK);
                    write(out, item);
                }
            }
        }
    }

    fn write_number(out: &mut Vec<u8>, n: &Number) {
        use rmp::encode as e;
        const OK: &str = "writing msgpack to a Vec cannot fail";
        let text = n.to_string();
        if let Some(i) = n.as_i64() {
            e::write_sint(out, i).expect(OK);
        } else if let Some(u) = n.as_u64() {
            e::write_uint(out, u).expect(OK);
        } else if let Some(f) = n.as_f64().filter(|f| f.to_string() == text) {
            e::write_f64(out, f).expect(OK);
        } else {
            e::write_str(out, &text).expect(OK);
        }
    }

    /// Decodes one msgpack value that must span all of `bytes`. Exts become
    /// [`UNKNOWN`]; bin becomes a (lossy) string. Empty input is null, as in Terraform.
    pub fn decode(bytes: &[u8]) -> Result<Value> {
        if bytes.is_empty() {
            return Ok(Value::Null);
        }
        let mut reader = Reader(bytes);
        let value = reader.value(0)?;
        ensure!(
            reader.0.is_empty(),
            "{} trailing bytes after msgpack value",
            reader.0.len()
        );
        Ok(value)
    }

    struct Reader<'a>(&'a [u8]);

    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Result<&'a [u8]> {
            ensure!(self.0.len() >= n, "truncated msgpack");
            let (head, tail) = self.0.split_at(n);
            self.0 = tail;
            Ok(head)
        }

        fn uint(&mut self, width: usize) -> Result<u64> {
            Ok(self
                .take(width)?
                .iter()
                .fold(0, |n, b| (n << 8) | u64::from(*b)))
        }

        fn int(&mut self, width: usize) -> Result<i64> {
            let bits = 64 - 8 * width as u32;
            Ok(((self.uint(width)? << bits) as i64) >> bits)
        }

        fn value(&mut self, depth: usize) -> Result<Value> {
            ensure!(depth < 512, "msgpack nested too deeply");
            let marker = self.take(1)?[0];
            Ok(match marker {
                0x00..=0x7f => Value::from(marker),
                0xe0..=0xff => Value::from(marker as i8),
                0xc0 => Value::Null,
                0xc2 => Value::Bool(false),
                0xc3 => Value::Bool(true),
                0xcc..=0xcf => Value::from(self.uint(1 << (marker - 0xcc))?),
                0xd0..=0xd3 => Value::from(self.int(1 << (marker - 0xd0))?),
                0xca => float(f64::from(f32::from_bits(self.uint(4)? as u32)))?,
                0xcb => float(f64::from_bits(self.uint(8)?))?,
                0xa0..=0xbf => self.string(usize::from(marker & 0x1f))?,
                0xd9..=0xdb => {
                    let len = self.uint(1 << (marker - 0xd9))? as usize;
                    self.string(len)?
                }
                0xc4..=0xc6 => {
                    let len = self.uint(1 << (marker - 0xc4))? as usize;
                    Value::String(String::from_utf8_lossy(self.take(len)?).into_owned())
                }
                0x90..=0x9f => self.array(usize::from(marker & 0x0f), depth)?,
                0xdc | 0xdd => {
                    let len = self.uint(if marker == 0xdc { 2 } else { 4 })? as usize;
                    self.array(len, depth)?
                }
                0x80..=0x8f => self.map(usize::from(marker & 0x0f), depth)?,
                0xde | 0xdf => {
                    let len = self.uint(if marker == 0xde { 2 } else { 4 })? as usize;
                    self.map(len, depth)?
                }
                0xd4..=0xd8 => self.ext(1 << (marker - 0xd4))?,
                0xc7..=0xc9 => {
                    let len = self.uint(1 << (marker - 0xc7))? as usize;
                    self.ext(len)?
                }
                0xc1 => bail!("msgpack marker 0xc1 is never used"),
            })
        }

        fn string(&mut self, len: usize) -> Result<Value> {
            let bytes = self.take(len)?;
            Ok(Value::String(
                std::str::from_utf8(bytes)
                    .context("msgpack str is not UTF-8")?
                    .into(),
            ))
        }

        fn array(&mut self, len: usize, depth: usize) -> Result<Value> {
            // Each element takes at least one byte: bounds preallocation by the input.
            let mut items = Vec::with_capacity(len.min(self.0.len()));
            for _ in 0..len {
                items.push(self.value(depth + 1)?);
            }
            Ok(Value::Array(items))
        }

        fn map(&mut self, len: usize, depth: usize) -> Result<Value> {
            let mut map = Map::new();
            for _ in 0..len {
                let Value::String(key) = self.value(depth + 1)? else {
                    bail!("msgpack map key is not a string");
                };
                map.insert(key, self.value(depth + 1)?);
            }
            Ok(Value::Object(map))
        }

        fn ext(&mut self, len: usize) -> Result<Value> {
            self.take(1 + len)?; // type byte, then payload (refinements are ignored)
            Ok(Value::String(UNKNOWN.to_string()))
        }
    }

    fn float(f: f64) -> Result<Value> {
        Number::from_f64(f)
            .map(Value::Number)
            .context("NaN/Inf has no JSON form")
    }
}
