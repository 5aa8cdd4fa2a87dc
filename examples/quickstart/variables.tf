variable "user_pool_id" {
  description = "The id of an existing Cognito user pool, e.g. us-east-1_EXAMPLE."
  type        = string
}

variable "client_name" {
  description = "The name of the app client."
  type        = string
  default     = "quickstart-app"
}
