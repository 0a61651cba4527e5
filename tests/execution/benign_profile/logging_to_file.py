# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Configures logging to a file in the work directory and a dataclass pipeline.
import logging
from dataclasses import dataclass

logging.basicConfig(filename="/work/app.log", level=logging.INFO, format="%(levelname)s %(message)s")
log = logging.getLogger("pipeline")


@dataclass
class Job:
    name: str
    size: int


jobs = [Job("a", 3), Job("b", 10)]
for j in jobs:
    log.info("processing %s (%d)", j.name, j.size)
print(open("/work/app.log").read())
