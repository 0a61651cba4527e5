import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")

# ruleid: python-django-debug-true
DEBUG = True

# ruleid: python-django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"

# ruleid: python-django-debug-true
DEBUG = os.getenv("DEBUG", "1").lower() in ("1", "true", "yes")

# ok: python-django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

# ok: python-django-debug-true
DEBUG = False

ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "blog",
]

ROOT_URLCONF = "mysite.urls"


def configure():
    # ok: python-django-debug-true
    debug = True
    return debug


class DevelopmentConfig:
    # ok: python-django-debug-true
    DEBUG = True
    TESTING = False
