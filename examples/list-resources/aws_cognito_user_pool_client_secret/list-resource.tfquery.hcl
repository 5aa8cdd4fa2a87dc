# Terraform 1.14 and later: `terraform query` finds the secrets of one app client,
# for example to adopt its original secret before rotating it.
list "aws_cognito_user_pool_client_secret" "original" {
  provider = aws

  config {
    user_pool_id = "us-west-2_abc123"
    client_id    = "1example23456789"
  }
}
