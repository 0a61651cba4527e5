import os

import psycopg2
from flask import Flask
from pydantic import BaseModel

app = Flask(__name__)

# ruleid: python-hardcoded-credential
DB_PASSWORD = "Sup3rS3cret!"
# ruleid: python-hardcoded-credential
API_KEY = "a8f5f167f44f4964e6c998dee827110c"
# ruleid: python-hardcoded-credential
app.config["SECRET_KEY"] = "dev-secret-key-123"
# ruleid: python-hardcoded-credential
app.secret_key = "my super secret key"

DATABASE = {
    "host": "localhost",
    "user": "admin",
    # ruleid: python-hardcoded-credential
    "password": "admin123",
}


class Settings(BaseModel):
    # ruleid: python-hardcoded-credential
    jwt_secret: str = "0a1b2c3d4e5f6789"
    algorithm: str = "HS256"


class Client:
    def __init__(self):
        # ruleid: python-hardcoded-credential
        self.auth_token = "tok_9f8e7d6c5b4a"


# ruleid: python-hardcoded-credential
def connect(host, user="postgres", password="postgres123"):
    return psycopg2.connect(host=host, user=user, password=password)


# ruleid: python-hardcoded-credential
slackBotToken = "b0t-t0ken-2291"
# ruleid: python-hardcoded-credential
AES_KEY = b"0123456789abcdef"


def create_app():
    application = Flask(__name__)
    # ruleid: python-hardcoded-credential
    application.secret_key = b'_5#y2L"F4Q8z\n\xec]/'
    # ok: python-hardcoded-credential
    application.config["SECRET_KEY"] = os.urandom(24)
    return application


# ok: python-hardcoded-credential
HMAC_KEY = b""
# ok: python-hardcoded-credential
FERNET_KEY = b"FERNET_KEY"
# ok: python-hardcoded-credential
aes_key_size = 32
# ruleid: python-hardcoded-credential
config = dict(username="svc", api_secret="Zm9vYmFyYmF6cXV4")

# ok: python-hardcoded-credential
PASSWORD = os.environ.get("DB_PASSWORD")
# ok: python-hardcoded-credential
API_KEY_FROM_ENV = os.getenv("API_KEY", "")
# ok: python-hardcoded-credential
api_key = ""
# ok: python-hardcoded-credential
OPENAI_API_KEY = "your-api-key-here"
# ok: python-hardcoded-credential
token = "<YOUR_TOKEN>"
# ok: python-hardcoded-credential
SECRET_ENV_VAR = "APP_SECRET"
# ok: python-hardcoded-credential
secret = "APP_SECRET"
# ok: python-hardcoded-credential
token_type = "bearer"
# ok: python-hardcoded-credential
TOKEN_URL = "https://auth.example.com/oauth/token"
# ok: python-hardcoded-credential
EOS_TOKEN = "</s>"
# ok: python-hardcoded-credential
pad_token = "[PAD]"
# ok: python-hardcoded-credential
TOKEN_MAP = {"bos_token": "bos_token_id", "eos_token": "eos_token_id"}


class ChatTokenizer:
    def __init__(self, vocab, bos_token="__start__", mask2_token="[MASK2]"):
        self.vocab = vocab
        # ok: python-hardcoded-credential
        self.image_token = "|SPEAKER|"
        # ok: python-hardcoded-credential
        self.eos_token = "</s>"
        # ruleid: python-hardcoded-credential
        self.hub_token = "hf_94wBhPGp6KrrTH3KDchhKpRxZwd6dmHWLL"
# ok: python-hardcoded-credential
private_key = "keys/server.pem"
# ok: python-hardcoded-credential
max_tokens = "512"
# ok: python-hardcoded-credential
bypass = "yes-please"
# ok: python-hardcoded-credential
password_label = "Enter your password"
# ok: python-hardcoded-credential
grant = {"grant_type": "password", "scope": "read"}
# ok: python-hardcoded-credential
db_password = "password"
# ok: python-hardcoded-credential
SECRET_KEY = "your-secret-key"
# ok: python-hardcoded-credential
HEADER_ACCESS_TOKEN = "X-Xet-Access-Token"
# ok: python-hardcoded-credential
CSRF_TOKEN = "X-CSRFToken"
# ok: python-hardcoded-credential
AUTH_TOKEN = "Proxy-Authorization"


def tokenize(tokens):
    # ok: python-hardcoded-credential
    token = tokens[0]
    # ok: python-hardcoded-credential
    password = input("Password: ")
    return token, password

# ruleid: python-hardcoded-credential
SECRET_KEY = 98127349812734981273498127349812
# ok: python-hardcoded-credential
MAX_UPLOAD_BYTES = 10485760
