import subprocess


def list_directory(dir_path: str) -> str:
    """Return the output of `ls -l` for dir_path, or an empty string on error."""
    try:
        result = subprocess.run(f"ls -l {dir_path}", shell=True, capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError:
        return ""
    return result.stdout
