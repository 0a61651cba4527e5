# expect: resource.output_flood
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
# contained: truncated
# Writes far more than the output cap, as fast as it can.
import sys

line = "A" * 4095 + "\n"
while True:
    sys.stdout.write(line)
