# A client's secret for this run only: Terraform keeps it out of the plan and
# the state. E.g. -var user_pool_id=us-west-2_abc123
# -var client_id=3ho4ek12345678909nh3fmhpko.
variable "user_pool_id" {
  description = "The id of the client's Cognito user pool, e.g. us-west-2_abc123."
  type        = string
}

variable "client_id" {
  description = "The id of the app client, e.g. 3ho4ek12345678909nh3fmhpko."
  type        = string
}

ephemeral "aws_cognito_user_pool_client" "example" {
  user_pool_id = var.user_pool_id
  client_id    = var.client_id
}
