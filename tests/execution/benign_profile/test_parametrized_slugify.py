# expect: clean
# mode: pytest
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Parametrised pytest cases with a fixture using tmp_path.
import re

import pytest


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.mark.parametrize("text,slug", [("Hello World", "hello-world"), ("  A--B ", "a-b"), ("x", "x")])
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.fixture
def notes(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("Some Title")
    return p


def test_file_slug(notes):
    assert slugify(notes.read_text()) == "some-title"
