# A client that another configuration (or team, or AWS service) manages, read
# by its pool and client id: e.g. -var user_pool_id=us-west-2_abc123
# -var client_id=3ho4ek12345678909nh3fmhpko.
variable "user_pool_id" {
  description = "The id of the client's Cognito user pool, e.g. us-west-2_abc123."
  type        = string
}

variable "client_id" {
  description = "The id of the app client, e.g. 3ho4ek12345678909nh3fmhpko."
  type        = string
}

data "aws_cognito_user_pool_client" "example" {
  user_pool_id = var.user_pool_id
  client_id    = var.client_id
}

output "callback_urls" {
  value = data.aws_cognito_user_pool_client.example.callback_urls
}

# The secret stays sensitive: Terraform shows it only when asked for by name
# (terraform output -raw client_secret).
output "client_secret" {
  value     = data.aws_cognito_user_pool_client.example.client_secret
  sensitive = true
}
