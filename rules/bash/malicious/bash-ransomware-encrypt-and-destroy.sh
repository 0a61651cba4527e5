#!/bin/bash
KEY=$(openssl rand -hex 32)
find /mnt/shares -type f | while read -r file; do
    # ruleid: bash-ransomware-encrypt-and-destroy
    openssl enc -aes-256-cbc -salt -in "$file" -out "$file.enc" -pass pass:"$KEY"
    rm -f "$file"
done
for f in /home/*/Documents/*; do
  # ruleid: bash-ransomware-encrypt-and-destroy
  gpg --batch --passphrase "$KEY" -c "$f" && shred -u "$f"
done
echo "YOUR FILES ARE ENCRYPTED" > /home/README.txt
# generating a key is not encrypting files
# ok: bash-ransomware-encrypt-and-destroy
openssl rand -hex 32 > /tmp/key
