# Terraform 1.14 and later: `terraform query` finds the app clients of the pool to
# adopt as managed clients, such as the one Amazon OpenSearch Service made.
list "aws_cognito_managed_user_pool_client" "opensearch" {
  provider = aws

  config {
    user_pool_id = "us-west-2_abc123"
    name_prefix  = "AmazonOpenSearchService-"
  }
}
