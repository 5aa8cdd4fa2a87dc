//! The plugin transport: how Terraform launches, reaches and stops this process
//! (go-plugin's handshake, AutoMTLS, controller, health service, logs).

mod controller;
pub mod handshake;
mod launcher;
mod listener;
pub mod logging;
mod tls;

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;
use tonic::transport::Server;

use crate::framework::provider::Provider;
use crate::proto::plugin::grpc_controller_server::GrpcControllerServer;
use crate::proto::tfplugin6::provider_server::ProviderServer;
use crate::server::ProviderService;

use controller::Controller;
use handshake::Address;
use listener::{Connection, Listener};

/// Large prior states exceed tonic's 4 MiB default; terraform-plugin-go allows 256 MiB.
const MAX_MESSAGE_SIZE: usize = 256 << 20;

/// How long in-flight RPCs may take to finish after Terraform asked us to shut down.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Serves the provider as Terraform's child process: TLS when Terraform sent a client
/// certificate, then the handshake line, then RPCs until Shutdown.
pub async fn serve_managed(provider: Arc<dyn Provider>) -> anyhow::Result<()> {
    let acceptor = match std::env::var("PLUGIN_CLIENT_CERT") {
        Ok(pem) if !pem.trim().is_empty() => {
            let client_certificate = tls::parse_client_certificate(&pem)?;
            let identity = tls::generate_identity()?;
            let certificate = identity.certificate.clone();
            let config = tls::server_config(identity, client_certificate)?;
            Some((TlsAcceptor::from(Arc::new(config)), certificate))
        }
        _ => None,
    };
    let (listener, address) = listener::bind()?;
    let certificate = acceptor.as_ref().map(|(_, der)| der.as_ref());
    announce(&handshake::handshake_line(&address, certificate))?;
    tokio::spawn(ignore_interrupts());
    let shutdown = CancellationToken::new();
    tokio::spawn(launcher::shutdown_when_gone(shutdown.clone()));
    serve(provider, listener, acceptor.map(|(a, _)| a), shutdown).await
}

/// Serves plaintext on a unix socket for `TF_REATTACH_PROVIDERS` (Terraform uses no
/// TLS for reattached providers) until Ctrl-C; the reattach line names the process
/// under each of `source_addresses`.
pub async fn serve_debug(
    provider: Arc<dyn Provider>,
    source_addresses: &[&str],
) -> anyhow::Result<()> {
    let (listener, address) = listener::bind_unix()?;
    let reattach = reattach_json(source_addresses, &address);
    announce(&format!(
        "Provider started. To attach Terraform or OpenTofu, set the TF_REATTACH_PROVIDERS environment \
         variable with the following:\n\n\tTF_REATTACH_PROVIDERS='{reattach}'\n\nPress Ctrl-C to stop."
    ))?;
    let shutdown = CancellationToken::new();
    let on_interrupt = shutdown.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        on_interrupt.cancel();
    });
    serve(provider, listener, None, shutdown).await
}

fn reattach_json(source_addresses: &[&str], address: &Address) -> String {
    let process = serde_json::json!({
        "Protocol": "grpc",
        "ProtocolVersion": handshake::PROTOCOL_VERSION,
        "Pid": std::process::id(),
        "Test": true,
        "Addr": { "Network": address.network(), "String": address.text() }
    });
    let by_address: serde_json::Map<String, serde_json::Value> = source_addresses
        .iter()
        .map(|source| (source.to_string(), process.clone()))
        .collect();
    serde_json::Value::Object(by_address).to_string()
}

/// Writes a line to stdout and flushes: the client reads it as soon as it appears.
fn announce(line: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()
}

/// Ctrl-C reaches the provider too (go-plugin does not give it its own process
/// group). Dying here would abandon an apply; Terraform sends StopProvider instead.
async fn ignore_interrupts() {
    while tokio::signal::ctrl_c().await.is_ok() {
        tracing::debug!("interrupt received; waiting for Terraform to stop the provider");
    }
}

async fn serve(
    provider: Arc<dyn Provider>,
    listener: Listener,
    acceptor: Option<TlsAcceptor>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;
    let provider_service = ProviderServer::new(ProviderService::new(provider))
        .max_decoding_message_size(MAX_MESSAGE_SIZE)
        .max_encoding_message_size(MAX_MESSAGE_SIZE);
    let controller = GrpcControllerServer::new(Controller {
        shutdown: shutdown.clone(),
    });
    let (connections, incoming) = mpsc::channel(16);
    let accepting = tokio::spawn(accept_connections(listener, acceptor, connections));
    let server = Server::builder()
        .add_service(provider_service)
        .add_service(controller)
        .add_service(health_service)
        .serve_with_incoming_shutdown(
            ReceiverStream::new(incoming),
            shutdown.clone().cancelled_owned(),
        );
    tokio::pin!(server);
    let result = tokio::select! {
        result = &mut server => result,
        () = shutdown.cancelled() => tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await.unwrap_or(Ok(())),
    };
    accepting.abort();
    let _ = accepting.await;
    Ok(result?)
}

/// Accepts connections and completes each TLS handshake on its own task, so one
/// slow or hostile client cannot hold up the others.
async fn accept_connections(
    listener: Listener,
    acceptor: Option<TlsAcceptor>,
    connections: mpsc::Sender<std::io::Result<Connection>>,
) {
    loop {
        let connection = match listener.accept().await {
            Ok(connection) => connection,
            Err(error) => {
                tracing::warn!(%error, "accepting a connection failed");
                continue;
            }
        };
        let acceptor = acceptor.clone();
        let connections = connections.clone();
        tokio::spawn(async move {
            let connection = match acceptor {
                None => connection,
                Some(acceptor) => match acceptor.accept(connection).await {
                    Ok(stream) => Connection::new(stream),
                    Err(error) => {
                        tracing::warn!(%error, "refused a connection: TLS handshake failed");
                        return;
                    }
                },
            };
            let _ = connections.send(Ok(connection)).await;
        });
    }
}
