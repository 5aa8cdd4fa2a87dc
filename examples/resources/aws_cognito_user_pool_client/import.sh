# A user pool client is imported with the user pool's id and the client's id,
# separated by a slash (append @REGION for a client outside the provider's region).
terraform import aws_cognito_user_pool_client.example us-west-2_abc123/1example23456789
