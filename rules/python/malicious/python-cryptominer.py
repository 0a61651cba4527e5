import os
import subprocess

WALLET = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"


def mine():
    # ruleid: python-cryptominer
    pool = "stratum+tcp://pool.supportxmr.com:3333"
    # ruleid: python-cryptominer
    subprocess.Popen(["./xmrig", "-o", pool, "-u", WALLET, "--donate-level", "1"])


def mine2(threads):
    # ruleid: python-cryptominer
    os.system(f"nohup /tmp/.cache/xmrig -o gulf.moneroocean.stream:10128 -u {WALLET} -t {threads} &")


def mine3():
    # ruleid: python-cryptominer
    subprocess.Popen(["/opt/miner/xmrig", "--config", "/opt/miner/config.json"])


def mine4():
    # ruleid: python-cryptominer
    return {"url": "xmr-eu1.nanopool.org:14433", "user": WALLET}


def price():
    import requests
    # ok: python-cryptominer
    return requests.get("https://api.coingecko.com/api/v3/simple/price?ids=monero&vs_currencies=usd").json()


def hash_block(data):
    import hashlib
    # ok: python-cryptominer
    return hashlib.sha256(data).hexdigest()


# ok: python-cryptominer
POOL_SIZE = "database connection pool size"

EMOJI = {
    # ok: python-cryptominer
    "t-rex": "\U0001f996",
}


def start_monero_miner():
    miner = "path/to/your/miner"
    # ruleid: python-cryptominer
    subprocess.Popen([miner])


def run_miner(threads):
    # ruleid: python-cryptominer
    os.system(f"./bin/worker --threads {threads}")


def text_mining_report(path):
    # ok: python-cryptominer
    subprocess.run(["wc", "-l", path])


def start_server():
    # ok: python-cryptominer
    subprocess.Popen(["gunicorn", "app:app"])
