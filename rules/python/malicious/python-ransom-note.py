import os

WALLET = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"

# ruleid: python-ransom-note
NOTE = """All your files have been encrypted!
To recover them send 0.05 BTC to the wallet below and email your ID."""


def drop_note(folder, amount):
    with open(os.path.join(folder, "README_DECRYPT.txt"), "w") as f:
        # ruleid: python-ransom-note
        f.write(f"Your documents are locked. Send {amount} bitcoin to {WALLET} to get the decryption key.")


def drop_note2(folder):
    with open(os.path.join(folder, "HOW_TO_RESTORE.txt"), "w") as f:
        # ruleid: python-ransom-note
        f.write("To decrypt your files you must pay 300 USD in Monero (XMR).")


# ok: python-ransom-note
HELP = "Your file has been encrypted with the passphrase you chose; keep it safe."

# ok: python-ransom-note
DONATE = "If you like this tool you can donate bitcoin to the author."


def status(n):
    # ok: python-ransom-note
    return f"{n} files encrypted into backup.tar.gpg"
