//! [`crate::backend::Backend`] for synchronous tests and benches: the same helpers,
//! each run to completion on a runtime of its own.

use std::collections::BTreeMap;
use std::future::Future;

use aws_sdk_cognitoidentityprovider::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder;
use aws_sdk_cognitoidentityprovider::types::{UserPoolClientDescription, UserPoolClientType};
use aws_sdk_cognitoidentityprovider::Client;
use serde_json::Value;

use crate::backend;

/// A running backend. Dropping it stops the process, also when a test panics.
pub struct Backend {
    backend: backend::Backend,
    runtime: tokio::runtime::Runtime,
}

impl Backend {
    /// See [`backend::Backend::start`].
    pub fn start() -> Backend {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("build a tokio runtime for the AWS SDK");
        Backend {
            backend: backend::Backend::start(),
            runtime,
        }
    }

    /// Runs an SDK call (or any future) to completion.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    pub fn pid(&self) -> u32 {
        self.backend.pid()
    }

    pub fn url(&self) -> String {
        self.backend.url()
    }

    pub fn sdk(&self, region: &str) -> Client {
        self.backend.sdk(region)
    }

    pub fn create_user_pool(&self, name: &str) -> String {
        self.block_on(self.backend.create_user_pool(name))
    }

    pub fn create_user_pool_in(&self, region: &str, name: &str) -> String {
        self.block_on(self.backend.create_user_pool_in(region, name))
    }

    pub fn delete_user_pool(&self, region: &str, pool_id: &str) {
        self.block_on(self.backend.delete_user_pool(region, pool_id))
    }

    pub fn describe_client(&self, pool_id: &str, client_id: &str) -> Option<UserPoolClientType> {
        self.block_on(self.backend.describe_client(pool_id, client_id))
    }

    pub fn describe_client_in(
        &self,
        region: &str,
        pool_id: &str,
        client_id: &str,
    ) -> Option<UserPoolClientType> {
        self.block_on(self.backend.describe_client_in(region, pool_id, client_id))
    }

    pub fn create_client(
        &self,
        pool_id: &str,
        name: &str,
        configure: impl FnOnce(CreateUserPoolClientFluentBuilder) -> CreateUserPoolClientFluentBuilder,
    ) -> UserPoolClientType {
        self.block_on(self.backend.create_client(pool_id, name, configure))
    }

    pub fn delete_client(&self, pool_id: &str, client_id: &str) {
        self.block_on(self.backend.delete_client(pool_id, client_id))
    }

    pub fn rename_client(&self, pool_id: &str, client_id: &str, name: &str) {
        self.block_on(self.backend.rename_client(pool_id, client_id, name))
    }

    pub fn update_client(
        &self,
        pool_id: &str,
        client_id: &str,
        change: impl FnOnce(&mut UserPoolClientType),
    ) -> UserPoolClientType {
        self.block_on(self.backend.update_client(pool_id, client_id, change))
    }

    pub fn list_clients(&self, pool_id: &str) -> Vec<UserPoolClientDescription> {
        self.block_on(self.backend.list_clients(pool_id))
    }

    /// See [`backend::Backend::client_secret_ids`].
    pub fn client_secret_ids(&self, pool_id: &str, client_id: &str) -> Vec<String> {
        self.block_on(self.backend.client_secret_ids(pool_id, client_id))
    }

    /// See [`backend::Backend::delete_client_secret`].
    pub fn delete_client_secret(&self, pool_id: &str, client_id: &str, secret_id: &str) {
        self.block_on(
            self.backend
                .delete_client_secret(pool_id, client_id, secret_id),
        )
    }

    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.block_on(self.backend.calls())
    }

    pub fn call_count(&self, operation: &str) -> u64 {
        self.block_on(self.backend.call_count(operation))
    }

    pub fn throttled(&self) -> BTreeMap<String, u64> {
        self.block_on(self.backend.throttled())
    }

    pub fn injected(&self) -> BTreeMap<String, u64> {
        self.block_on(self.backend.injected())
    }

    pub fn set_quotas(&self, settings: &Value) -> Value {
        self.block_on(self.backend.set_quotas(settings))
    }

    pub fn set_faults(&self, settings: &Value) -> Value {
        self.block_on(self.backend.set_faults(settings))
    }
}
