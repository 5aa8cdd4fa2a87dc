# The user pool comes from elsewhere (this provider manages user pool clients
# only): pass its id, e.g. -var user_pool_id=us-west-2_abc123.
variable "user_pool_id" {
  description = "The id of an existing Cognito user pool, e.g. us-west-2_abc123."
  type        = string
}

# An app client for a web application that signs users in through the user
# pool's hosted pages with the authorization code grant.
resource "aws_cognito_user_pool_client" "example" {
  name         = "example"
  user_pool_id = var.user_pool_id

  generate_secret               = true
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = ["https://app.example.com/callback"]
  logout_urls                          = ["https://app.example.com/signed-out"]

  access_token_validity  = 60
  id_token_validity      = 60
  refresh_token_validity = 30

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}
