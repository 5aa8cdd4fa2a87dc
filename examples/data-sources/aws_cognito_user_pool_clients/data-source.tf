# Every app client of a pool, e.g. -var user_pool_id=us-west-2_abc123.
variable "user_pool_id" {
  description = "The id of a Cognito user pool, e.g. us-west-2_abc123."
  type        = string
}

data "aws_cognito_user_pool_clients" "example" {
  user_pool_id = var.user_pool_id
}

# client_ids and client_names are in the same order: a map from name to id.
# (Client names need not be unique in a pool; zipmap keeps the last of each.)
output "client_ids_by_name" {
  value = zipmap(
    data.aws_cognito_user_pool_clients.example.client_names,
    data.aws_cognito_user_pool_clients.example.client_ids,
  )
}
