# Terraform 1.12 and later, OpenTofu 1.12 and later: import by identity instead
# of an import id. region and account_id are optional.
import {
  to = aws_cognito_managed_user_pool_client.example
  identity = {
    user_pool_id = "us-west-2_abc123"
    client_id    = "1example23456789"
  }
}
