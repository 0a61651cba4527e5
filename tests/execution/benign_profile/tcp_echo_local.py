# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# A threaded TCP echo server on loopback and a client talking to it.
import socket
import threading

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]


def serve():
    conn, _ = srv.accept()
    with conn:
        conn.sendall(conn.recv(1024).upper())


t = threading.Thread(target=serve)
t.start()
with socket.create_connection(("127.0.0.1", port), timeout=3) as c:
    c.sendall(b"hello")
    print(c.recv(1024))
t.join()
srv.close()
