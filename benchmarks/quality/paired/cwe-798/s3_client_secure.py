import boto3


def s3_client(region: str = "us-east-1"):
    """Return an S3 client using the default credential chain (env, profile, instance role)."""
    return boto3.client("s3", region_name=region)
