# expect: clean
# mode: pytest
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# A pytest module run in the sandbox's pytest mode.
import pytest


def divide(a, b):
    if b == 0:
        raise ZeroDivisionError("b must not be zero")
    return a / b


def test_divide():
    assert divide(6, 3) == 2


def test_divide_by_zero():
    with pytest.raises(ZeroDivisionError):
        divide(1, 0)
