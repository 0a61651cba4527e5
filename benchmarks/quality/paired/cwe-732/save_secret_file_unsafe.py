import os


def save_secret_file(directory: str, filename: str, content: str) -> str:
    """Save a secret so that only the current user can read it."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, os.path.basename(filename))
    with open(path, "w") as f:
        f.write(content)
    os.chmod(path, 0o644)
    return path
