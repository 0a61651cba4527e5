from pathlib import Path


def save_report(reports_dir: str, report_name: str, content: str) -> Path:
    """Write a report file into reports_dir and return its path."""
    target = Path(reports_dir) / report_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    return target
