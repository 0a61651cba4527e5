import re


def validate_tag_list(tags: str) -> bool:
    """Tags are comma separated words, e.g. "python,web,api"."""
    return re.fullmatch(r"\w+(,\w+)*", tags) is not None
