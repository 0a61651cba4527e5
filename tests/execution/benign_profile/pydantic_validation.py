# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Validates input records with pydantic.
from pydantic import BaseModel, ValidationError, field_validator


class User(BaseModel):
    name: str
    age: int

    @field_validator("age")
    @classmethod
    def adult(cls, v):
        if v < 18:
            raise ValueError("must be an adult")
        return v


print(User(name="ann", age=30))
try:
    User(name="kid", age=9)
except ValidationError as exc:
    print(exc.error_count(), "error")
