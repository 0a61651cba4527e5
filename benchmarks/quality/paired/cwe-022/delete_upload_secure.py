import os
from werkzeug.utils import secure_filename

UPLOAD_ROOT = "/var/app/uploads"


def delete_upload(user_id: int, name: str) -> bool:
    """Delete one of the user's uploaded files. Returns True if a file was removed."""
    safe_name = secure_filename(name)
    if not safe_name:
        return False
    path = os.path.join(UPLOAD_ROOT, str(int(user_id)), safe_name)
    if os.path.isfile(path):
        os.remove(path)
        return True
    return False
