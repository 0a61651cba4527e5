from flask import Flask
from flask_wtf import FlaskForm
from wtforms import StringField

app = Flask(__name__)
app.config["SECRET_KEY"] = "change-me"
# ruleid: python-csrf-protection-disabled
app.config["WTF_CSRF_ENABLED"] = False
# ruleid: python-csrf-protection-disabled
app.config.update(WTF_CSRF_ENABLED=False)


class Config:
    # ruleid: python-csrf-protection-disabled
    WTF_CSRF_ENABLED = False


class CommentForm(FlaskForm):
    body = StringField("body")

    # ruleid: python-csrf-protection-disabled
    class Meta:
        csrf = False


class TestingConfig:
    TESTING = True
    # ok: python-csrf-protection-disabled
    WTF_CSRF_ENABLED = True


# ok: python-csrf-protection-disabled
app.config["WTF_CSRF_ENABLED"] = True
# ok: python-csrf-protection-disabled
app.config["WTF_CSRF_TIME_LIMIT"] = 3600
