import paramiko
from paramiko import AutoAddPolicy, RejectPolicy


def run_remote(host, user, key_file, command):
    client = paramiko.SSHClient()
    # ruleid: python-paramiko-auto-add-policy
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user, key_filename=key_file)
    _, stdout, _ = client.exec_command(command)
    return stdout.read()


def connect(host):
    ssh = paramiko.SSHClient()
    # ruleid: python-paramiko-auto-add-policy
    ssh.set_missing_host_key_policy(AutoAddPolicy())
    ssh.connect(host)
    return ssh


def connect_warn(host):
    ssh = paramiko.SSHClient()
    # ruleid: python-paramiko-auto-add-policy
    ssh.set_missing_host_key_policy(paramiko.WarningPolicy())
    return ssh


def connect_strict(host):
    ssh = paramiko.SSHClient()
    ssh.load_system_host_keys()
    # ok: python-paramiko-auto-add-policy
    ssh.set_missing_host_key_policy(paramiko.RejectPolicy())
    # ok: python-paramiko-auto-add-policy
    ssh.set_missing_host_key_policy(RejectPolicy())
    ssh.connect(host)
    return ssh
