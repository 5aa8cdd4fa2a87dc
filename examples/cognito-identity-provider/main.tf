# The user pool as an OAuth 2.0 / OpenID Connect identity provider: a client
# for the hosted sign-in pages (managed login) with the authorization code and
# implicit grants.
#
# The provider checks AWS's rules for such a client at plan time:
#   - allowed_oauth_flows and allowed_oauth_scopes need
#     allowed_oauth_flows_user_pool_client = true;
#   - the code and implicit flows need at least one callback URL;
#   - callback and logout URLs must be absolute, without a fragment, and use
#     https (http only for localhost; app schemes such as myapp:// are fine);
#   - default_redirect_uri, when set, must be one of callback_urls.
#
# Usage: terraform apply -var user_pool_id=us-east-1_EXAMPLE
# Region, credentials and endpoint come from the AWS environment variables.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "cognito-rs/aws"
    }
  }
}

provider "aws" {}

variable "user_pool_id" {
  description = "The id of an existing Cognito user pool, e.g. us-east-1_EXAMPLE."
  type        = string
}

variable "client_name" {
  description = "The name of the app client."
  type        = string
  default     = "userpool-client"
}

variable "callback_urls" {
  description = "Where Cognito may redirect after sign-in: https, or http://localhost."
  type        = list(string)
  default     = ["https://example.com"]
}

resource "aws_cognito_user_pool_client" "userpool_client" {
  name         = var.client_name
  user_pool_id = var.user_pool_id

  callback_urls                        = var.callback_urls
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code", "implicit"]
  allowed_oauth_scopes                 = ["email", "openid"]
  supported_identity_providers         = ["COGNITO"]
}

output "client_id" {
  description = "The id of the app client (the client_id parameter of /oauth2/authorize)."
  value       = aws_cognito_user_pool_client.userpool_client.id
}

output "callback_urls" {
  description = "The allowed redirect URLs after sign-in."
  value       = aws_cognito_user_pool_client.userpool_client.callback_urls
}

output "allowed_oauth_scopes" {
  description = "The OAuth scopes the client may request."
  value       = aws_cognito_user_pool_client.userpool_client.allowed_oauth_scopes
}
