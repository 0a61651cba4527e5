import os
from pathlib import Path

NOTES_DIR = "/home/app/notes"


def read_note():
    name = input("Which note? ")
    # ruleid: python-path-join-interactive-input
    path = os.path.join(NOTES_DIR, name)
    with open(path) as fh:
        print(fh.read())


def delete_note():
    # ruleid: python-path-join-interactive-input
    target = Path(NOTES_DIR) / input("Note to delete: ").strip()
    target.unlink()


def save_note(text):
    title = input("Title: ")
    # ruleid: python-path-join-interactive-input
    with open(NOTES_DIR + "/" + title + ".txt", "w") as fh:
        fh.write(text)


def safe_read():
    name = os.path.basename(input("Which note? "))
    # ok: python-path-join-interactive-input
    path = os.path.join(NOTES_DIR, name)
    return open(path).read()


def safe_checked():
    base = Path(NOTES_DIR).resolve()
    answer = input("Which note? ")
    if not (base / answer).resolve().is_relative_to(base):
        raise SystemExit("outside the notes folder")
    # ok: python-path-join-interactive-input
    return (base / answer).read_text()


def open_any():
    # ok: python-path-join-interactive-input
    return open(input("File to open: ")).read()


def join_config(name):
    # ok: python-path-join-interactive-input
    return os.path.join(NOTES_DIR, name)
