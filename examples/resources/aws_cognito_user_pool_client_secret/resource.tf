# A secret of an existing client, managed beside it so that it can be rotated
# without replacing the client: e.g. -var user_pool_id=us-west-2_abc123
# -var client_id=1example23456789. Cognito keeps at most two secrets per client;
# with create_before_destroy, a rotation adds the new secret before it deletes
# the old, so applications can switch with no outage.
variable "user_pool_id" {
  description = "The id of the client's Cognito user pool, e.g. us-west-2_abc123."
  type        = string
}

variable "client_id" {
  description = "The id of the app client, e.g. 1example23456789."
  type        = string
}

# Change it (for example to a date, or a time_rotating resource's id) to rotate.
variable "rotation" {
  description = "Any new value rotates the secret."
  type        = string
  default     = "2026-12"
}

resource "aws_cognito_user_pool_client_secret" "example" {
  user_pool_id = var.user_pool_id
  client_id    = var.client_id
  triggers     = { rotation = var.rotation }

  lifecycle {
    create_before_destroy = true
  }
}
