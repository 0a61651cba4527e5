import os


def read_user_file(base_dir: str, filename: str) -> str:
    """Return the text of `filename` inside `base_dir`; refuse paths that leave the folder."""
    base = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(base, filename))
    if os.path.commonpath([base, target]) != base:
        raise ValueError("path escapes the base directory")
    try:
        with open(target, "r", encoding="utf-8") as f:
            return f.read()
    except (FileNotFoundError, IsADirectoryError):
        return ""
