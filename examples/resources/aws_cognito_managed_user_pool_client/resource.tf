# The user pool comes from elsewhere, and so does the client: OpenSearch creates
# it in the pool when a domain uses Cognito authentication (cognito_options of
# an aws_opensearch_domain). Pass the pool's id, e.g.
# -var user_pool_id=us-west-2_abc123.
variable "user_pool_id" {
  description = "The id of an existing Cognito user pool, e.g. us-west-2_abc123."
  type        = string
}

# Adopts the app client that OpenSearch created for the domain "example", and
# sets its sign-out URL and scopes; the arguments left out keep the values
# OpenSearch gave them. Destroying it leaves the client to OpenSearch.
resource "aws_cognito_managed_user_pool_client" "example" {
  name_pattern = "^AmazonOpenSearchService-example-"
  user_pool_id = var.user_pool_id

  allowed_oauth_scopes = ["email", "openid", "profile"]
  logout_urls          = ["https://search.example.com/_dashboards/app/home"]
}
