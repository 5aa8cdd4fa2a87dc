//! go-plugin's controller: Terraform calls Shutdown before it kills the plugin.

use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::proto::plugin::grpc_controller_server::GrpcController;
use crate::proto::plugin::Empty;

pub struct Controller {
    pub shutdown: CancellationToken,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(&self, _: Request<Empty>) -> Result<Response<Empty>, Status> {
        tracing::debug!("shutdown requested by the client");
        self.shutdown.cancel();
        Ok(Response::new(Empty {}))
    }
}
