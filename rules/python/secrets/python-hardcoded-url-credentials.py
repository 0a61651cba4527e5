import os

import pika
import redis
from pymongo import MongoClient
from sqlalchemy import create_engine

# ruleid: python-hardcoded-url-credentials
engine = create_engine("postgresql://admin:Adm1nPass@db.internal:5432/shop")

# ruleid: python-hardcoded-url-credentials
DATABASE_URL = "mysql+pymysql://root:toor1234@localhost/app"

# ruleid: python-hardcoded-url-credentials
client = MongoClient("mongodb://svc:m0ng0-secret@mongo:27017/?authSource=admin")

# ruleid: python-hardcoded-url-credentials
params = pika.URLParameters("amqp://guest:guest@rabbit:5672/%2F")

# ruleid: python-hardcoded-url-credentials
cache = redis.from_url("redis://default:r3d1s-pw@cache:6379/0")

# ok: python-hardcoded-url-credentials
engine2 = create_engine("postgresql://user:password@localhost/dbname")
# ok: python-hardcoded-url-credentials
engine3 = create_engine(f"postgresql://{os.environ['DB_USER']}:{os.environ['DB_PASS']}@db/shop")
# ok: python-hardcoded-url-credentials
engine4 = create_engine("sqlite:///app.db")
# ok: python-hardcoded-url-credentials
api = "https://api.example.com:8443/v1/items"
# ok: python-hardcoded-url-credentials
template = "postgresql://%s:%s@%s/%s"
# ok: python-hardcoded-url-credentials
url = "postgresql://app:${DB_PASSWORD}@db/shop"
# ok: python-hardcoded-url-credentials
git = "git@github.com:org/repo.git"
