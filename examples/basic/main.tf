# Basic: a user pool client with nothing but a name. Everything else takes
# Cognito's defaults (no secret, refresh tokens valid for 30 days, token
# revocation enabled), and those values are recorded in state.
#
# This provider manages user pool clients only, so the user pool must exist
# already: pass its id, e.g.
#   terraform apply -var user_pool_id=us-east-1_EXAMPLE
#
# Region, credentials and (for a local backend) the endpoint come from the
# standard AWS environment variables and config files (AWS_REGION,
# AWS_PROFILE, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, ...).

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
  default     = "basic-client"
}

resource "aws_cognito_user_pool_client" "client" {
  name         = var.client_name
  user_pool_id = var.user_pool_id
}

output "client_id" {
  description = "The id of the app client."
  value       = aws_cognito_user_pool_client.client.id
}

output "refresh_token_validity" {
  description = "Cognito's default refresh token lifetime, in days."
  value       = aws_cognito_user_pool_client.client.refresh_token_validity
}

output "enable_token_revocation" {
  description = "Whether refresh tokens can be revoked (Cognito's default: true)."
  value       = aws_cognito_user_pool_client.client.enable_token_revocation
}
