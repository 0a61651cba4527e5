# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Reports the program's own resource use and the machine's load with psutil.
import psutil

me = psutil.Process()
data = [bytearray(1024) for _ in range(1000)]
print("rss MiB:", round(me.memory_info().rss / 2**20, 1), "threads:", me.num_threads())
print("cpus:", psutil.cpu_count(), "mem used %:", psutil.virtual_memory().percent)
