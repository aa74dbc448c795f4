#!/usr/bin/env python3
"""Independent reference for L2TP hidden AVPs and challenge responses, written from RFC 2661
sections 4.3 and 5.1.1 (not from pdukit's code), used by tests/hidden.rs.

stdin lines:  hide TYPE SECRET_HEX RV_HEX VALUE_HEX PAD_HEX   -> ciphertext hex
              chap MSGTYPE SECRET_HEX CHALLENGE_HEX          -> response hex
"""
import hashlib
import sys


def hide(attr_type, secret, rv, value, pad):
    # Subformat: original length (2 octets), original value, padding.
    plain = len(value).to_bytes(2, "big") + value + pad
    out = b""
    prev = None
    for i in range(0, len(plain), 16):
        block = plain[i:i + 16]
        if prev is None:
            key = hashlib.md5(attr_type.to_bytes(2, "big") + secret + rv).digest()
        else:
            key = hashlib.md5(secret + prev).digest()
        c = bytes(p ^ k for p, k in zip(block, key))
        out += c
        prev = c
    return out


def chap(msg_type, secret, challenge):
    return hashlib.md5(bytes([msg_type]) + secret + challenge).digest()


for line in sys.stdin:
    f = line.split()
    if not f:
        continue
    h = lambda s: bytes.fromhex("" if s == "-" else s)
    if f[0] == "hide":
        print(hide(int(f[1]), h(f[2]), h(f[3]), h(f[4]), h(f[5])).hex())
    elif f[0] == "chap":
        print(chap(int(f[1]), h(f[2]), h(f[3])).hex())
