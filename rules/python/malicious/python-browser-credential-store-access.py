import json
import os
import shutil
import sqlite3

LOCAL = os.environ.get("LOCALAPPDATA", "")


def chrome_passwords():
    # ruleid: python-browser-credential-store-access
    db = os.path.join(LOCAL, "Google", "Chrome", "User Data", "Default", "Login Data")
    shutil.copyfile(db, "tmp.db")
    conn = sqlite3.connect("tmp.db")
    return conn.execute("SELECT origin_url, username_value, password_value FROM logins").fetchall()


def chrome_key():
    # ruleid: python-browser-credential-store-access
    with open(os.path.join(LOCAL, r"Google\Chrome\User Data\Local State")) as f:
        return json.load(f)["os_crypt"]["encrypted_key"]


def firefox(profile):
    # ruleid: python-browser-credential-store-access
    logins = json.load(open(os.path.join(profile, "logins.json")))
    # ruleid: python-browser-credential-store-access
    shutil.copy(os.path.join(profile, "key4.db"), "/tmp/k")
    return logins


def firefox_cookies(profile):
    # ruleid: python-browser-credential-store-access
    return sqlite3.connect(f"{profile}/cookies.sqlite")


def chrome_cookies():
    # ruleid: python-browser-credential-store-access
    return os.path.join(LOCAL, "Google/Chrome/User Data/Default/Network/Cookies")


def app_db():
    # ok: python-browser-credential-store-access
    return sqlite3.connect("data/app.sqlite")


def save_cookies(session):
    # ok: python-browser-credential-store-access
    with open("cookies.json", "w") as f:
        json.dump(session.cookies.get_dict(), f)


# ok: python-browser-credential-store-access
TITLE = "Login"
