import os

UPLOAD_ROOT = "/var/app/uploads"


def delete_upload(user_id: int, name: str) -> bool:
    """Delete one of the user's uploaded files. Returns True if a file was removed."""
    path = os.path.join(UPLOAD_ROOT, str(user_id), name)
    if os.path.isfile(path):
        os.remove(path)
        return True
    return False
