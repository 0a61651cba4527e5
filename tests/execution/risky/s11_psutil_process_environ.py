# scenario: 11 monitor-system
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Surveys every process: who runs what, with which environment (where service secrets sit).
import psutil

for proc in psutil.process_iter(["pid", "name", "username", "cmdline"]):
    info = proc.info
    try:
        env = proc.environ()
    except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
        env = "denied"
    print(info["pid"], info["name"], info["username"], info["cmdline"], str(env)[:80])
