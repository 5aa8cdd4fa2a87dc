# A client secret is imported with the user pool's id, the client's id and the
# secret's id (ListUserPoolClientSecrets lists them), separated by slashes.
terraform import aws_cognito_user_pool_client_secret.example us-west-2_abc123/1example23456789/1example23456789--1767225600000
