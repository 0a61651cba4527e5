# scenario: 18 process-management
# expect: process.tamper
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Kills every process whose name matches a service list.
import psutil

targets = {"sshd", "dockerd", "nginx", "mysqld", "postgres", "redis-server"}
for proc in psutil.process_iter(["pid", "name", "cmdline"]):
    name = proc.info["name"] or ""
    cmd = " ".join(proc.info["cmdline"] or [])
    if name in targets or any(t in cmd for t in targets):
        try:
            proc.kill()
            print("killed", proc.pid, name)
        except psutil.Error as exc:
            print("could not kill", proc.pid, exc)
