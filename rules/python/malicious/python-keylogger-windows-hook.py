import ctypes
import time
from ctypes import wintypes

import pyHook
import pythoncom
import win32api

user32 = ctypes.windll.user32
WH_KEYBOARD_LL = 13


def install(proc):
    # ruleid: python-keylogger-windows-hook
    return user32.SetWindowsHookExW(WH_KEYBOARD_LL, proc, None, 0)


def install_raw(proc):
    # ruleid: python-keylogger-windows-hook
    return ctypes.windll.user32.SetWindowsHookExA(13, proc, ctypes.windll.kernel32.GetModuleHandleW(None), 0)


def hook_manager(on_key):
    # ruleid: python-keylogger-windows-hook
    hm = pyHook.HookManager()
    hm.KeyDown = on_key
    hm.HookKeyboard()
    pythoncom.PumpMessages()


def poll_all_keys(out):
    while True:
        for code in range(8, 256):
            # ruleid: python-keylogger-windows-hook
            if win32api.GetAsyncKeyState(code) & 1:
                out.write(chr(code))
        time.sleep(0.01)


def mouse_hook(proc):
    # ok: python-keylogger-windows-hook
    return user32.SetWindowsHookExW(14, proc, None, 0)


def game_loop():
    VK_SPACE = 0x20
    while True:
        # ok: python-keylogger-windows-hook
        if win32api.GetAsyncKeyState(VK_SPACE):
            jump()
        time.sleep(1 / 60)
