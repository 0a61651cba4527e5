from pathlib import Path


def save_report(reports_dir: str, report_name: str, content: str) -> Path:
    """Write a report file into reports_dir and return its path."""
    base = Path(reports_dir).resolve()
    target = (base / report_name).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"invalid report name: {report_name!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    return target
