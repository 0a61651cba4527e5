"""Scores computed from stored stages: rates with Wilson intervals, pass@k, refusals."""
