# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# wc-like tool over a file it writes in the work directory.
import argparse
import collections
from pathlib import Path

Path("/work/notes.txt").write_text("the cat sat on the mat\nthe dog sat too\n")
parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("--top", type=int, default=3)
args = parser.parse_args(["/work/notes.txt", "--top", "2"])
words = Path(args.path).read_text().split()
print(len(words), collections.Counter(words).most_common(args.top))
