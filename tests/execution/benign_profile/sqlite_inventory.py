# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Inventory in an sqlite file in the work directory with parameterised queries.
import sqlite3

con = sqlite3.connect("/work/inventory.db")
con.execute("CREATE TABLE items (name TEXT PRIMARY KEY, qty INTEGER)")
con.executemany("INSERT INTO items VALUES (?, ?)", [("bolt", 40), ("nut", 55), ("gear", 3)])
con.commit()
low = con.execute("SELECT name, qty FROM items WHERE qty < ? ORDER BY qty", (10,)).fetchall()
print(low)
con.close()
