import marshal
from pathlib import Path


def restore_job_state(state_file: str) -> dict:
    """Load a job's saved progress from state_file (written by save_job_state)."""
    path = Path(state_file)
    if not path.exists():
        return {"done": [], "pending": []}
    with open(path, "rb") as fh:
        return marshal.load(fh)
