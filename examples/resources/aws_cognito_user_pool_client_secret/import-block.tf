# Terraform 1.5 and later: import with an import block and the same id,
# user_pool_id/client_id/secret_id.
import {
  to = aws_cognito_user_pool_client_secret.example
  id = "us-west-2_abc123/1example23456789/1example23456789--1767225600000"
}
