import yaml
from yaml import CSafeLoader, SafeLoader


def load_config(path):
    with open(path) as fh:
        # ruleid: python-yaml-unsafe-load
        return yaml.load(fh)


def load_config_loader(path):
    with open(path) as fh:
        # ruleid: python-yaml-unsafe-load
        return yaml.load(fh, Loader=yaml.Loader)


def parse(text):
    # ruleid: python-yaml-unsafe-load
    return yaml.unsafe_load(text)


def parse_full(text):
    # ruleid: python-yaml-unsafe-load
    return yaml.full_load(text)


def parse_many(stream):
    # ruleid: python-yaml-unsafe-load
    return list(yaml.load_all(stream, Loader=yaml.UnsafeLoader))


def positional(text):
    # ruleid: python-yaml-unsafe-load
    return yaml.load(text, yaml.FullLoader)


def safe_examples(text, fh):
    # ok: python-yaml-unsafe-load
    a = yaml.safe_load(text)
    # ok: python-yaml-unsafe-load
    b = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: python-yaml-unsafe-load
    c = yaml.load(fh, Loader=CSafeLoader)
    # ok: python-yaml-unsafe-load
    d = list(yaml.safe_load_all(text))
    # ok: python-yaml-unsafe-load
    e = yaml.load(text, SafeLoader)
    # ok: python-yaml-unsafe-load
    f = yaml.dump({"a": 1})
    return a, b, c, d, e, f
