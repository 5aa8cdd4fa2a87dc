# This provider beside the official AWS provider in one configuration: the
# user pool and a resource server (an API with its OAuth scopes) come from
# hashicorp/aws; the app clients come from cognito-rs/aws, declared under the
# local name "cognito".
#
# Both providers have a resource type named aws_cognito_user_pool_client.
# Terraform picks a resource's provider by the prefix of its type (here "aws",
# so hashicorp/aws) unless the resource says otherwise, so every client sets
# `provider = cognito`. The clients refer to the pool and the resource server
# as usual: references work across providers.
#
# Guide: docs/guides/using-beside-the-official-provider.md
#
# Usage: terraform init && terraform apply
# Each provider block has its own settings (region, credentials, endpoints);
# both fall back to the standard AWS environment variables and shared files.
# The hosted sign-in pages and the token endpoint also need a domain for the
# pool (aws_cognito_user_pool_domain, from hashicorp/aws), left out here.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
    cognito = {
      source = "cognito-rs/aws"
    }
  }
}

variable "region" {
  description = "The AWS region of the user pool and its clients."
  type        = string
  default     = "us-east-1"
}

provider "aws" {
  region = var.region
}

provider "cognito" {
  region = var.region
}

resource "aws_cognito_user_pool" "pool" {
  name = "with-official-provider"
}

resource "aws_cognito_resource_server" "api" {
  identifier   = "https://api.example.com"
  name         = "example-api"
  user_pool_id = aws_cognito_user_pool.pool.id

  scope {
    scope_name        = "read"
    scope_description = "Read access to the API"
  }

  scope {
    scope_name        = "write"
    scope_description = "Write access to the API"
  }
}

# A back-end service calling the API on its own behalf: the client credentials
# grant, which needs a client secret, with every scope of the resource server
# ("https://api.example.com/read" and ".../write").
resource "aws_cognito_user_pool_client" "service" {
  provider = cognito

  name         = "api-service"
  user_pool_id = aws_cognito_user_pool.pool.id

  # Changing this later replaces the client (new id, new secret).
  generate_secret = true

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  allowed_oauth_scopes                 = aws_cognito_resource_server.api.scope_identifiers
}

# A web application signing users in with the authorization code grant: the
# OpenID Connect scopes and the API's read scope.
resource "aws_cognito_user_pool_client" "web" {
  provider = cognito

  name         = "web-app"
  user_pool_id = aws_cognito_user_pool.pool.id

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes = concat(
    ["openid", "email"],
    [for scope in aws_cognito_resource_server.api.scope_identifiers : scope if endswith(scope, "/read")],
  )
  callback_urls                = ["https://example.com/callback"]
  logout_urls                  = ["https://example.com/signed-out"]
  supported_identity_providers = ["COGNITO"]
}

output "user_pool_id" {
  description = "The id of the user pool (managed by hashicorp/aws)."
  value       = aws_cognito_user_pool.pool.id
}

output "service_client_id" {
  description = "The id of the service's app client (managed by cognito-rs/aws)."
  value       = aws_cognito_user_pool_client.service.id
}

output "web_client_id" {
  description = "The id of the web application's app client (managed by cognito-rs/aws)."
  value       = aws_cognito_user_pool_client.web.id
}
