# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Writes a CSV in the work directory, reads it back and joins with another frame.
import pandas as pd

people = pd.DataFrame({"id": [1, 2, 3], "name": ["ann", "bo", "cy"]})
people.to_csv("/work/people.csv", index=False)
scores = pd.DataFrame({"id": [1, 3], "score": [9.5, 7.0]})
merged = pd.read_csv("/work/people.csv").merge(scores, on="id", how="left").fillna(0)
print(merged.to_string(index=False))
