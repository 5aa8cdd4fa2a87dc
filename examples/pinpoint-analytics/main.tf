# A client that publishes authentication events to an Amazon Pinpoint project.
#
# This provider manages user pool clients only, so the Pinpoint project and the
# IAM role are given here as literal values. In a real setup they come from an
# aws_pinpoint_app (application_id) and an aws_iam_role (role_arn) that
# cognito-idp.amazonaws.com may assume, with a policy allowing
# mobiletargeting:UpdateEndpoint and mobiletargeting:PutEvents on
# arn:aws:mobiletargeting:*:ACCOUNT_ID:apps/APPLICATION_ID*; for example with
# the official AWS provider:
#
#   application_id = aws_pinpoint_app.app.application_id
#   role_arn       = aws_iam_role.cognito_pinpoint.arn
#
# Instead of application_id + external_id + role_arn, the block also accepts
# application_arn alone; Cognito then uses its service-linked role.
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
  default     = "pinpoint-client"
}

resource "aws_cognito_user_pool_client" "client" {
  name         = var.client_name
  user_pool_id = var.user_pool_id

  analytics_configuration {
    # The Pinpoint project's id (aws_pinpoint_app.<name>.application_id).
    application_id = "0123456789abcdef0123456789abcdef"
    # The external id that the role's trust policy expects.
    external_id = "some_id"
    # The role Cognito assumes to publish events (aws_iam_role.<name>.arn).
    role_arn         = "arn:aws:iam::123456789012:role/cognito-pinpoint-analytics"
    user_data_shared = true
  }
}

output "client_id" {
  description = "The id of the app client."
  value       = aws_cognito_user_pool_client.client.id
}

output "analytics_configuration" {
  description = "The analytics settings as Cognito stores them."
  value       = aws_cognito_user_pool_client.client.analytics_configuration
}
