import boto3


def s3_client(region: str = "us-east-1"):
    """Return an S3 client for the uploads bucket."""
    return boto3.client(
        "s3",
        region_name=region,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
