//! Acceptance tests: the real Terraform CLI drives the freshly built provider
//! binary against the local Cognito backend (`backend/cognito_backend.py`).
//!
//! Every test starts its own backend and its own Terraform workspace, so the tests
//! run in parallel without sharing ports, directories or remote state. Requirements:
//! `python3` with the backend's dependencies (`pip install -r backend/requirements.txt`)
//! and the `terraform` CLI on `PATH`. No network access is needed.

mod attributes;
mod beside_official;
mod client_secret;
mod custom_secret;
mod data_sources;
mod drift_and_import;
mod ephemeral;
mod examples;
mod failures;
mod harness;
mod identity;
mod managed_user_pool_client;
mod query;
mod reattach;
mod secrets_in_logs;
mod user_pool_client;
mod validation;

mod packaging;
mod scale;
