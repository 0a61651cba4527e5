# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Sales summary with pandas.
import pandas as pd

df = pd.DataFrame({"region": ["north", "south", "north", "east"], "sales": [120, 80, 95, 60]})
summary = df.groupby("region")["sales"].agg(["sum", "mean"]).sort_values("sum", ascending=False)
print(summary)
