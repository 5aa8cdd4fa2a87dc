# Quickstart: one Cognito user pool client with a client secret, for a
# server-side application (a confidential OAuth client).
#
# Region, credentials and (for a local backend) the endpoint come from the
# standard AWS environment variables and config files, for example:
#   AWS_REGION=us-east-1 terraform apply -var user_pool_id=us-east-1_EXAMPLE

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "cognito-rs/aws"
    }
  }
}

provider "aws" {}

resource "aws_cognito_user_pool_client" "app" {
  name         = var.client_name
  user_pool_id = var.user_pool_id

  # Changing this later replaces the client (new id, new secret).
  generate_secret = true
}

output "client_id" {
  description = "The id of the app client."
  value       = aws_cognito_user_pool_client.app.id
}

output "client_secret" {
  description = "The app client's secret; read it with `terraform output -raw client_secret`."
  value       = aws_cognito_user_pool_client.app.client_secret
  sensitive   = true
}
