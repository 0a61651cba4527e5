# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Round-trips the program's own dataclass through jsonpickle.
from dataclasses import dataclass

import jsonpickle


@dataclass
class Point:
    x: int
    y: int


text = jsonpickle.encode([Point(1, 2), Point(3, 4)])
print(text)
print(jsonpickle.decode(text))
