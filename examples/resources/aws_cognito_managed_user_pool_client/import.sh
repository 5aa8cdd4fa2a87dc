# A managed user pool client is imported with the user pool's id and the client's
# id, separated by a slash (append @REGION for a client outside the provider's
# region). The configuration's name_pattern or name_prefix is then recorded in
# place, without a replacement, when the client's name matches it.
terraform import aws_cognito_managed_user_pool_client.example us-west-2_abc123/1example23456789
