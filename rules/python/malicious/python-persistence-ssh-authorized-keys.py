import os
import subprocess

ATTACKER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0000000000000000000000000000000000000000 x@y"


def backdoor():
    # ruleid: python-persistence-ssh-authorized-keys
    with open(os.path.expanduser("~/.ssh/authorized_keys"), "a") as f:
        f.write(ATTACKER_KEY + "\n")


def backdoor_root():
    # ruleid: python-persistence-ssh-authorized-keys
    os.system(f"echo '{ATTACKER_KEY}' >> /root/.ssh/authorized_keys")


def backdoor_tee():
    # ruleid: python-persistence-ssh-authorized-keys
    subprocess.run(["sh", "-c", "echo $K | tee -a ~/.ssh/authorized_keys"])


def list_keys():
    # ok: python-persistence-ssh-authorized-keys
    with open(os.path.expanduser("~/.ssh/authorized_keys")) as f:
        return [line.split()[-1] for line in f if line.strip()]


def write_known_host(line):
    # ok: python-persistence-ssh-authorized-keys
    with open(os.path.expanduser("~/.ssh/known_hosts"), "a") as f:
        f.write(line)
