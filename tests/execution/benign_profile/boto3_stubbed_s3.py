# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Unit-tests an S3 helper against botocore's Stubber, with explicit fake credentials.
import boto3
from botocore.stub import Stubber


def bucket_names(client):
    return [b["Name"] for b in client.list_buckets()["Buckets"]]


client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
with Stubber(client) as stub:
    stub.add_response("list_buckets", {"Buckets": [{"Name": "logs"}, {"Name": "assets"}]})
    print(bucket_names(client))
