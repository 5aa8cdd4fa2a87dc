//! What the AWS layer's tests share: a stand-in for Cognito that answers with
//! canned responses, a client configured for it, and a capture of log events.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use super::{AwsSettings, CognitoClient};

pub const POOL: &str = "us-east-1_pool";
pub const SECRET: &str = "do-not-log-this-client-secret";

/// A stand-in for Cognito: answers each request with the next `(status, JSON
/// body)`, on as many connections as the SDK opens. Returns its URL.
pub async fn fake_cognito(answers: Vec<(u16, String)>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let answers = Arc::new(Mutex::new(VecDeque::from(answers)));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let answers = answers.clone();
            tokio::spawn(async move {
                let mut stream = BufReader::new(stream);
                loop {
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let line = line.trim_end().to_ascii_lowercase();
                        if line.is_empty() {
                            break;
                        }
                        if let Some(value) = line.strip_prefix("content-length:") {
                            length = value.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    stream.read_exact(&mut body).await.unwrap();
                    let (status, body) = answers.lock().unwrap().pop_front().unwrap();
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\n\
                         content-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    stream.write_all(answer.as_bytes()).await.unwrap();
                }
            });
        }
    });
    url
}

pub fn aws_error(code: &str) -> (u16, String) {
    (
        400,
        format!(r#"{{"__type":"{code}","message":"{code} here"}}"#),
    )
}

pub fn client_answer(id: &str) -> (u16, String) {
    let client = format!(
        r#"{{"UserPoolClient":{{"ClientId":"{id}","ClientName":"app","UserPoolId":"{POOL}","ClientSecret":"{SECRET}"}}}}"#
    );
    (200, client)
}

pub async fn cognito_at(url: String) -> CognitoClient {
    let cognito = CognitoClient::default();
    cognito.configure(AwsSettings {
        region: Some("us-east-1".into()),
        access_key: Some("AKIDTEST".into()),
        secret_key: Some("test-secret-key".into()),
        cognitoidp_endpoint: Some(url),
        ..AwsSettings::default()
    });
    cognito
}

/// One event: where it came from, its level and its message and fields as text.
#[derive(Debug)]
pub struct Line {
    pub target: String,
    pub level: tracing::Level,
    pub fields: HashMap<String, String>,
}

impl Line {
    /// Whether the provider passes it on to Terraform at TF_LOG=trace.
    pub fn reaches_terraform(&self) -> bool {
        crate::plugin::logging::passes(&self.target, self.level, tracing::Level::TRACE)
    }
}

#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<Line>>>);

impl Captured {
    /// The end-of-call lines, in order.
    pub fn calls(&self) -> Vec<HashMap<String, String>> {
        let lines = self.0.lock().unwrap();
        lines
            .iter()
            .filter(|line| {
                line.fields
                    .get("message")
                    .is_some_and(|m| m == "AWS request")
            })
            .map(|line| {
                assert!(line.reaches_terraform() && line.level == tracing::Level::DEBUG);
                line.fields.clone()
            })
            .collect()
    }
}

impl<S: tracing::Subscriber> Layer<S> for Captured {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        struct Fields<'a>(&'a mut HashMap<String, String>);
        impl Visit for Fields<'_> {
            fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                self.0.insert(field.name().into(), format!("{value:?}"));
            }
            fn record_str(&mut self, field: &Field, value: &str) {
                self.0.insert(field.name().into(), value.into());
            }
        }
        let mut fields = HashMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Line {
            target: event.metadata().target().into(),
            level: *event.metadata().level(),
            fields,
        });
    }
}

pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));
    (captured, guard)
}
