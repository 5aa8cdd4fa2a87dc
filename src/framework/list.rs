//! List resources (protocol 6.10, Terraform 1.14's `terraform query`): a `list`
//! block names a managed resource type and a configuration, and the provider finds
//! the existing objects of that type it describes.
//!
//! A resource that can be listed declares the `list` block's configuration schema
//! ([`Resource::list_schema`](super::resource::Resource::list_schema)) and, in
//! [`Resource::list`](super::resource::Resource::list), hands each object it finds
//! to [`Findings::found`] as what an import of it would give. The framework's rules
//! (`framework::server::list`) do the rest: the identity and, when asked, the whole
//! object, read as the read after an import reads it, with no sensitive value in it.

use tokio::sync::mpsc;

use super::resource::StateResponse;

/// An object a list found: the name a person knows it by, and the stub state (with
/// its private state) that an import of it gives.
pub struct Found {
    pub display_name: String,
    pub imported: StateResponse,
}

/// Where a list puts what it finds.
pub struct Findings {
    sender: mpsc::Sender<Found>,
}

impl Findings {
    /// Findings that arrive at `sender`.
    pub fn new(sender: mpsc::Sender<Found>) -> Self {
        Findings { sender }
    }

    /// Hands on one object. `false` when no more are wanted (Terraform's `limit` is
    /// reached or it closed the stream): the list should then stop asking AWS.
    pub async fn found(&self, found: Found) -> bool {
        self.sender.send(found).await.is_ok()
    }
}
