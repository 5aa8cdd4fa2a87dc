# A client with a generated secret that signs users in with the legacy
# ADMIN_NO_SRP_AUTH flow: a trusted back end calls AdminInitiateAuth with the
# user's password directly (no SRP exchange), authenticating itself with the
# client secret.
#
# Legacy flow names (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY,
# USER_PASSWORD_AUTH) cannot be mixed with ALLOW_* names; the provider refuses
# such a mix at plan time. The ALLOW_* equivalent of this configuration is
# ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"].
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
  default     = "no-srp-client"
}

resource "aws_cognito_user_pool_client" "client" {
  name         = var.client_name
  user_pool_id = var.user_pool_id

  # Changing this later replaces the client (new id, new secret).
  generate_secret = true

  explicit_auth_flows = ["ADMIN_NO_SRP_AUTH"]
}

output "client_id" {
  description = "The id of the app client."
  value       = aws_cognito_user_pool_client.client.id
}

output "client_secret" {
  description = "The app client's secret; read it with `terraform output -raw client_secret`."
  value       = aws_cognito_user_pool_client.client.client_secret
  sensitive   = true
}

output "explicit_auth_flows" {
  description = "The authentication flows the client may use."
  value       = aws_cognito_user_pool_client.client.explicit_auth_flows
}
