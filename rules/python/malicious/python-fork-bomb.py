import multiprocessing
import os
import socket
import subprocess
import sys
import time


def bomb():
    while True:
        # ruleid: python-fork-bomb
        os.fork()


def bomb_mp():
    def spin():
        while True:
            pass
    while True:
        # ruleid: python-fork-bomb
        multiprocessing.Process(target=spin).start()


def bomb_self():
    while 1:
        # ruleid: python-fork-bomb
        subprocess.Popen([sys.executable, __file__])


def bomb_proc():
    while True:
        p = multiprocessing.Process(target=bomb)
        # ruleid: python-fork-bomb
        p.start()


def shell_bomb():
    # ruleid: python-fork-bomb
    os.system(":(){ :|:& };:")


def shell_bomb2():
    # ruleid: python-fork-bomb
    subprocess.run(["bash", "-c", "bomb() { bomb | bomb & }; bomb"])


def daemon():
    # A single fork, reaped by the parent.
    # ok: python-fork-bomb
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def forking_server(port):
    srv = socket.socket()
    srv.bind(("127.0.0.1", port))
    srv.listen()
    while True:
        conn, addr = srv.accept()
        # ok: python-fork-bomb
        pid = os.fork()
        if pid == 0:
            conn.sendall(b"hi")
            os._exit(0)
        conn.close()


def supervisor(target):
    while True:
        p = multiprocessing.Process(target=target)
        # ok: python-fork-bomb
        p.start()
        p.join()
        time.sleep(1)


def pool_work(items, f):
    # ok: python-fork-bomb
    with multiprocessing.Pool(4) as pool:
        return pool.map(f, items)
