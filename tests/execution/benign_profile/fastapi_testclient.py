# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# A FastAPI service with pydantic models, exercised with TestClient.
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel

app = FastAPI()
DB = {}


class Item(BaseModel):
    name: str
    price: float


@app.post("/items/{item_id}")
def create(item_id: int, item: Item):
    DB[item_id] = item
    return {"id": item_id, **item.model_dump()}


@app.get("/items/{item_id}")
def read(item_id: int):
    if item_id not in DB:
        raise HTTPException(404)
    return DB[item_id]


client = TestClient(app)
print(client.post("/items/1", json={"name": "pen", "price": 1.5}).json())
print(client.get("/items/1").json(), client.get("/items/2").status_code)
