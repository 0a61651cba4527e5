def parse_literal_setting(value: str):
    """Turn a setting written as a Python literal ("[1, 2]", "{'a': 1}", "True") into a value."""
    namespace = {}
    try:
        exec("result = " + value, {}, namespace)
    except SyntaxError:
        return value
    return namespace["result"]
