import boto3
import requests
from github import Github
from slack_sdk import WebClient

# ruleid: python-hardcoded-cloud-token
AWS_ACCESS_KEY_ID = "AKIA2E3F4G5H6J7K8L9M"

s3 = boto3.client(
    "s3",
    # ruleid: python-hardcoded-cloud-token
    aws_access_key_id="AKIAZ7Y6X5W4V3U2T1S0",
    aws_secret_access_key=SECRET,
)

# ruleid: python-hardcoded-cloud-token
gh = Github("ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R")

# ruleid: python-hardcoded-cloud-token
slack = WebClient(token="xoxb-2468013579-1357924680-AbCdEfGhIjKlMnOpQrStUvWx")


def charge():
    # ruleid: python-hardcoded-cloud-token
    headers = {"Authorization": "Bearer sk_live_51HcX2pLmNoPqRsTuVwXyZ0123456789"}
    return requests.post("https://api.stripe.com/v1/charges", headers=headers, timeout=10)


def maps(address):
    # ruleid: python-hardcoded-cloud-token
    url = f"https://maps.googleapis.com/maps/api/geocode/json?key=" + "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"
    return requests.get(url, params={"address": address}, timeout=10)


# ruleid: python-hardcoded-cloud-token
OPENAI_KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78"



def push_model(model):
    # ruleid: python-hardcoded-cloud-token
    model.push_to_hub("acme/sentiment-bert", token="hf_94wBhPGp6KrrTH3KDchhKpRxZwd6dmHWLL")


# ok: python-hardcoded-cloud-token
EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"
# ok: python-hardcoded-cloud-token
hf_prefix = "hf_"
# ok: python-hardcoded-cloud-token
placeholder = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: python-hardcoded-cloud-token
prefix = "AKIA"
# ok: python-hardcoded-cloud-token
note = "set GITHUB_TOKEN to a ghp_ token before running"
# ok: python-hardcoded-cloud-token
model = "sk-learn-pipeline"
# ok: python-hardcoded-cloud-token
digest = "AKIASTRINGTHATISTOOLONGFORAKEYX1234"
