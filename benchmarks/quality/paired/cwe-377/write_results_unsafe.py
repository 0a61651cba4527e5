import tempfile


def write_results(results: str) -> str:
    """Write results to a temporary file and return its path."""
    filename = tempfile.mktemp(suffix=".txt")
    with open(filename, "w") as f:
        f.write(results)
    return filename
