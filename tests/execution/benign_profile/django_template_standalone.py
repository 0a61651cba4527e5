# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Uses Django's template engine and forms without a project.
import django
from django.conf import settings

settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}], USE_I18N=False)
django.setup()

from django import forms  # noqa: E402
from django.template import Context, Template  # noqa: E402


class Signup(forms.Form):
    email = forms.EmailField()
    age = forms.IntegerField(min_value=13)


f = Signup({"email": "a@example.com", "age": "12"})
print(f.is_valid(), dict(f.errors))
print(Template("Hello {{ name|title }}!").render(Context({"name": "ada lovelace"})))
