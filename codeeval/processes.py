"""Processes on this host, by id: whether the one that owns a run or a container is still there."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """A process with this id exists (one owned by another user counts: it is there, just not ours)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
