import argparse
import ftplib
import hashlib
import hmac
import imaplib
import os
import smtplib

import jwt
import MySQLdb
import oracledb
import pymysql
from Crypto.Cipher import AES
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import mysql.connector
import paramiko
import psycopg2
import pyodbc
import requests
from openai import OpenAI
from requests.auth import HTTPBasicAuth

# ruleid: python-hardcoded-credential-argument
conn = mysql.connector.connect(host="localhost", user="root", password="r00tpass", database="shop")

# ruleid: python-hardcoded-credential-argument
client = OpenAI(api_key="sk-proj-4f9a8b7c6d5e4f3a2b1c")


def send_mail(msg):
    with smtplib.SMTP("smtp.gmail.com", 587) as server:
        server.starttls()
        # ruleid: python-hardcoded-credential-argument
        server.login("alerts@example.com", "gmail-app-pass-1")
        server.send_message(msg)


def upload(path):
    ftp = ftplib.FTP("ftp.example.org")
    # ruleid: python-hardcoded-credential-argument
    ftp.login(user="deploy", passwd="Depl0y!2024")
    with open(path, "rb") as fh:
        ftp.storbinary("STOR backup.zip", fh)


def fetch():
    # ruleid: python-hardcoded-credential-argument
    return requests.get("https://api.example.com/data", auth=("admin", "s3cretpw"), timeout=10)


def basic():
    # ruleid: python-hardcoded-credential-argument
    return HTTPBasicAuth("admin", "hunter22")


def ssh(host):
    ssh_client = paramiko.SSHClient()
    # ruleid: python-hardcoded-credential-argument
    ssh_client.connect(host, username="ubuntu", password="ubuntu-pw-77")


def pg():
    # ruleid: python-hardcoded-credential-argument
    return psycopg2.connect("dbname=shop user=app password=Pg_pass_99 host=db")


class MailboxWatcher:
    def __init__(self, host):
        self.imap = imaplib.IMAP4_SSL(host)

    def connect(self):
        # ruleid: python-hardcoded-credential-argument
        self.imap.login("reports@acme-corp.com", "Spring#2025")
        self.imap.select("INBOX")


def issue_token(user_id):
    # ruleid: python-hardcoded-credential-argument
    return jwt.encode({"sub": user_id}, "my-jwt-signing-key-2024", algorithm="HS256")


def verify_token(token):
    # ruleid: python-hardcoded-credential-argument
    return jwt.decode(token, key="my-jwt-signing-key-2024", algorithms=["HS256"])


def sign_webhook(body: bytes) -> str:
    # ruleid: python-hardcoded-credential-argument
    return hmac.new(b"whsec_8f3b2c9d1e", body, hashlib.sha256).hexdigest()


class FieldEncryptor:
    def __init__(self):
        # ruleid: python-hardcoded-credential-argument
        self.fernet = Fernet(b"hBk8Q2r0fS1yZ3cX9vT6uN4mL7pW5eR8aD2gJ0kQ1sE=")

    def seal(self, data: bytes) -> bytes:
        # ruleid: python-hardcoded-credential-argument
        cipher = AES.new(b"Sixteen byte key", AES.MODE_GCM)
        ct, tag = cipher.encrypt_and_digest(data)
        return cipher.nonce + tag + ct


def legacy_db():
    # ruleid: python-hardcoded-credential-argument
    db = MySQLdb.connect("localhost", "testuser", "test123", "TESTDB")
    # ruleid: python-hardcoded-credential-argument
    conn = pymysql.connect("127.0.0.1", "root", "Passw0rd!", "inventory")
    # ruleid: python-hardcoded-credential-argument
    ora = oracledb.connect("hr", "Welcome1", "dbhost.example.com/orclpdb1")
    # ruleid: python-hardcoded-credential-argument
    ftp = ftplib.FTP("ftp.example.org", "deploy", "Depl0y!2024")
    return db, conn, ora, ftp


def backup_over_ssh(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # ruleid: python-hardcoded-credential-argument
    client.connect(host, 22, "backup", "b4ckup-pass")
    return client


def legacy_db_from_env():
    # ok: python-hardcoded-credential-argument
    db = MySQLdb.connect("localhost", "app", os.environ["MYSQL_PASSWORD"], "shop")
    # ok: python-hardcoded-credential-argument
    ftp = ftplib.FTP("ftp.example.org")
    # ok: python-hardcoded-credential-argument
    sock_conn = db.connect("localhost", 3306, "app", "shop")
    return db, ftp, sock_conn


def keys_done_right(data, key_from_kms):
    # ok: python-hardcoded-credential-argument
    f = Fernet(Fernet.generate_key())
    # ok: python-hardcoded-credential-argument
    g = AES.new(os.urandom(32), AES.MODE_GCM)
    # ok: python-hardcoded-credential-argument
    h = AESGCM(key_from_kms).encrypt(os.urandom(12), data, None)
    return f, g, h


def main():
    parser = argparse.ArgumentParser(description="Send the nightly report")
    parser.add_argument("--to", required=True)
    args = parser.parse_args()
    with smtplib.SMTP_SSL("smtp.mail.com", 465) as server:
        # ruleid: python-hardcoded-credential-argument
        server.login("user@x.com", "Winter2024!")
        server.sendmail("user@x.com", args.to, "Subject: report\n\nAll green.")


def signing_done_right(payload, body, token):
    secret = os.environ["JWT_SECRET"]
    # ok: python-hardcoded-credential-argument
    a = jwt.encode(payload, secret, algorithm="HS256")
    # ok: python-hardcoded-credential-argument
    b = jwt.decode(token, options={"verify_signature": False})
    # ok: python-hardcoded-credential-argument
    c = hmac.new(os.environ["WEBHOOK_KEY"].encode(), body, hashlib.sha256).hexdigest()
    # ok: python-hardcoded-credential-argument
    d = hmac.new(b"", body, hashlib.sha256)
    return a, b, c, d


def login_from_env(server):
    # ok: python-hardcoded-credential-argument
    server.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
    # ok: python-hardcoded-credential-argument
    server.login("user@example.com", "password")
    # ok: python-hardcoded-credential-argument
    server.login("me@x.com", "")


def safe(host):
    # ok: python-hardcoded-credential-argument
    a = mysql.connector.connect(host=host, user="app", password=os.environ["DB_PASSWORD"])
    # ok: python-hardcoded-credential-argument
    b = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))
    # ok: python-hardcoded-credential-argument
    c = OpenAI(api_key="YOUR_API_KEY")
    # ok: python-hardcoded-credential-argument
    d = psycopg2.connect("dbname=shop user=app host=db")
    # ok: python-hardcoded-credential-argument
    e = mysql.connector.connect(host=host, user="app", password="")
    # ok: python-hardcoded-credential-argument
    f = requests.post("https://api.example.com/login", data={"grant_type": "password"}, timeout=5)
    # ok: python-hardcoded-credential-argument
    h = psycopg2.connect("dbname=shop user=app password=<your-password> host=db")
    # ok: python-hardcoded-credential-argument
    g = pyodbc.connect("DSN=warehouse;Trusted_Connection=yes")
    # ok: python-hardcoded-credential-argument
    tokenizer_out = encode(text="hello", max_tokens=512)
    return a, b, c, d, e, f, g, tokenizer_out
