import json

import bleach
from django import template
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text, term):
    # ruleid: python-django-mark-safe-non-literal
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))


@register.simple_tag
def user_link(user):
    # ruleid: python-django-mark-safe-non-literal
    return mark_safe(f'<a href="/users/{user.pk}">{user.username}</a>')


def bio_html(profile):
    # ruleid: python-django-mark-safe-non-literal
    return mark_safe(profile.bio)


def status_badge(status):
    # ruleid: python-django-mark-safe-non-literal
    return SafeString("<span class='badge'>" + status + "</span>")


def preformatted(name):
    # ruleid: python-django-mark-safe-non-literal
    return format_html(f"<b>{name}</b>")


def icon():
    # ok: python-django-mark-safe-non-literal
    return mark_safe("<i class='fa fa-check'></i>")


def safe_link(user):
    # ok: python-django-mark-safe-non-literal
    return format_html('<a href="/users/{}">{}</a>', user.pk, user.username)


def escaped_bio(profile):
    # ok: python-django-mark-safe-non-literal
    return mark_safe(escape(profile.bio))


def cleaned_bio(profile):
    # ok: python-django-mark-safe-non-literal
    return mark_safe(bleach.clean(profile.bio))


def widget(context):
    # ok: python-django-mark-safe-non-literal
    return mark_safe(render_to_string("widget.html", context))
