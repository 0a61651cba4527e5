import os
import zipfile


def unzip_bundle(zip_path: str, dest_dir: str) -> int:
    """Unpack a zip bundle into dest_dir; returns how many files were written."""
    dest = os.path.abspath(dest_dir)
    count = 0
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            out_path = os.path.abspath(os.path.join(dest, info.filename))
            if os.path.commonpath([dest, out_path]) != dest:
                raise ValueError(f"zip entry escapes destination: {info.filename}")
            if info.is_dir():
                os.makedirs(out_path, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            with zf.open(info) as src, open(out_path, "wb") as dst:
                dst.write(src.read())
            count += 1
    return count
