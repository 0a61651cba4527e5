# scenario: 22 flawed-behavioural-workflow
# observable: no
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Ships the order before the payment step has been confirmed.
order = {"id": 7, "paid": False, "shipped": False}


def ship(o):
    o["shipped"] = True


def pay(o, ok):
    o["paid"] = ok


ship(order)
pay(order, ok=False)
print(order)
