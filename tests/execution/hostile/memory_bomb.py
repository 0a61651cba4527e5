# expect: resource.memory
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# contained: oom_killed
# Grows until the memory limit (memory == memory+swap, so no swap to hide in) ends it.
hog = []
while True:
    hog.append(bytearray(16 * 1024 * 1024))
