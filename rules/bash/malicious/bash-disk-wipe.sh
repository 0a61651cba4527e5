#!/bin/bash
# ruleid: bash-disk-wipe
dd if=/dev/zero of=/dev/sda bs=1M status=progress
# ruleid: bash-disk-wipe
sudo dd if=/dev/urandom of=/dev/nvme0n1 bs=4M
# ruleid: bash-disk-wipe
mkfs.ext4 -F /dev/sda
# ruleid: bash-disk-wipe
shred -n 3 -z /dev/sdb
# ruleid: bash-disk-wipe
wipefs -a /dev/vda
# ruleid: bash-disk-wipe
cat /dev/urandom > /dev/sda

# ok: bash-disk-wipe
dd if=/dev/zero of=/swapfile bs=1M count=2048
# ok: bash-disk-wipe
mkswap /swapfile
# ok: bash-disk-wipe
dd if=ubuntu.iso of=disk.img bs=4M
# ok: bash-disk-wipe
shred -u secrets.txt
# ok: bash-disk-wipe
lsblk /dev/sda
# ok: bash-disk-wipe
mkfs.ext4 -F disk.img
# ok: bash-disk-wipe
some_command > /dev/null 2>&1
