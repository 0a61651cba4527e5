import json

import yaml


def yaml_to_json(yaml_text: str) -> str:
    """Convert a YAML document to JSON; returns an error message string on failure."""
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        return f"Error: {exc}"
    return json.dumps(data, indent=2)
