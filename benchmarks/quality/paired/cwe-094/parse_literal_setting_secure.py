import ast


def parse_literal_setting(value: str):
    """Turn a setting written as a Python literal ("[1, 2]", "{'a': 1}", "True") into a value."""
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value
