def evaluate_expression(expr: str) -> str:
    """Evaluate a user's arithmetic expression and return the result as text ("" on error)."""
    try:
        return str(eval(expr))
    except Exception:
        return ""
