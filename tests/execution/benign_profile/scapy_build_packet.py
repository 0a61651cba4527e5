# expect: clean
# timeout: 15
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Builds and dissects a packet in memory with scapy (nothing sent).
from scapy.all import IP, TCP, Raw

pkt = IP(dst="192.0.2.10") / TCP(dport=80, flags="S") / Raw(b"hello")
raw = bytes(pkt)
back = IP(raw)
print(len(raw), back[TCP].dport, back[Raw].load)
