# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Producer/consumer with threads and a queue.
import queue
import threading

q = queue.Queue()
results = []


def worker():
    while (item := q.get()) is not None:
        results.append(item * 2)


threads = [threading.Thread(target=worker) for _ in range(3)]
for t in threads:
    t.start()
for i in range(20):
    q.put(i)
for _ in threads:
    q.put(None)
for t in threads:
    t.join()
print(sorted(results))
