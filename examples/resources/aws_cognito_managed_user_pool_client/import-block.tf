# Terraform 1.5 and later: import with an import block and the same id,
# user_pool_id/client_id.
import {
  to = aws_cognito_managed_user_pool_client.example
  id = "us-west-2_abc123/1example23456789"
}
