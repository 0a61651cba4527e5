import tempfile


def write_results(results: str) -> str:
    """Write results to a temporary file and return its path."""
    with tempfile.NamedTemporaryFile("w", delete=False, suffix=".txt") as f:
        f.write(results)
        return f.name
