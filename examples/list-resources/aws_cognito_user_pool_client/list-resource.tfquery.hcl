# Terraform 1.14 and later: `terraform query` finds every app client of the pool;
# `terraform query -generate-config-out=clients.tf` writes an import block and a
# resource block for each.
list "aws_cognito_user_pool_client" "existing" {
  provider = aws

  config {
    user_pool_id = "us-west-2_abc123"
    # Optional: only the clients whose name begins with this.
    name_prefix = "web-"
  }
}
