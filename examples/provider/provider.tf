# The provider's source address is cognito-rs/aws. Declare it under the local
# name "aws": without required_providers, Terraform would assume hashicorp/aws
# for the aws_* resource types.
terraform {
  required_providers {
    aws = {
      source  = "cognito-rs/aws"
      version = "~> 0.1"
    }
  }
}

# Every argument is optional and falls back to the AWS SDK's environment
# variables and shared files (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, ...).
provider "aws" {
  region = "us-west-2"
}
