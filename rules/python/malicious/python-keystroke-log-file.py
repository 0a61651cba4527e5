import logging
import time

import keyboard


def record_keypresses():
    while True:
        keystrokes = keyboard.get_pressed()
        # ruleid: python-keystroke-log-file
        with open('keylog.txt', 'a') as file:
            file.write(f"Keystrokes: {keystrokes}\n")
        time.sleep(1)


def on_key(event):
    # ruleid: python-keystroke-log-file
    with open("/tmp/.keystrokes.log", mode="a") as fh:
        fh.write(event.name)


# ruleid: python-keystroke-log-file
logging.basicConfig(filename="key_log.txt", level=logging.DEBUG, format="%(asctime)s: %(message)s")

# ruleid: python-keystroke-log-file
out = open("C:\\Users\\Public\\keypresses.dat", "w")


def save_api_keys(keys):
    # ok: python-keystroke-log-file
    with open("keys.json", "w") as fh:
        fh.write(str(keys))


def analyse_existing_log():
    # ok: python-keystroke-log-file
    with open("keylog.txt") as fh:
        return fh.read().count("\n")


def save_shortcuts(shortcuts):
    # ok: python-keystroke-log-file
    with open("keyboard_shortcuts.txt", "w") as fh:
        fh.write(shortcuts)


# ok: python-keystroke-log-file
logging.basicConfig(filename="app.log", level=logging.INFO)
