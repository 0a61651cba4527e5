import os


def read_user_file(base_dir: str, filename: str) -> str:
    """Return the text of `filename` inside `base_dir`."""
    path = os.path.join(base_dir, filename)
    try:
        with open(path, "r", encoding="utf-8") as f:
            return f.read()
    except (FileNotFoundError, IsADirectoryError):
        return ""
