#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one raw request to the "vxfp" generic-netlink family, print reply.

The selftests use it to send what nlctl never would: attributes a command
does not take, wrong types, values out of range, garbage.

  genl.py [--dump] CMD [TYPE:FORMAT:VALUE ...]

CMD is a number or a name of enum vxfp_cmd without its VXFP_CMD_ prefix;
TYPE a number or a name of enum vxfp_attr without VXFP_A_ (both read from
include/uapi/linux/vxfp.h); FORMAT is u8, u16, u32, u64, str (NUL added),
raw (hex) or flag (no VALUE). TYPE:{ opens a nest (NLA_F_NESTED), closed
by a word }; the attributes in it are named by their enum member without
VXFP_ (FLOW_A_COOKIE, KEY_A_IN_PORT, ACT_A_ENCAP, ENCAP_A_ID, ...), e.g.

  genl.py FLOW_DEL SWITCH_NAME:str:sw0 FLOW:{ FLOW_A_COOKIE:u64:1 }
Prints "OK" and one "MSG len=N" line per reply, or "ERR errno message".
"""

import errno
import os
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
SOL_NETLINK = 270
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_ACK_TLVS = 0x200
NLM_F_CAPPED = 0x100
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1


def align(n):
    return (n + 3) & ~3


def nla(atype, payload):
    hdr = struct.pack("HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * (align(len(payload)) - len(payload))


def parse_attrs(buf):
    attrs = {}
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("HH", buf)
        if alen < 4 or alen > len(buf):
            break
        attrs[atype & 0x3fff] = buf[4:alen]
        buf = buf[align(alen):]
    return attrs


def uapi_enum(name, prefix):
    """The members of enum NAME of the uapi header, by name, prefix off."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "../include/uapi/linux/vxfp.h")) as f:
        text = f.read()
    body = re.search(r"enum %s \{(.*?)\};" % name, text, re.S).group(1)
    members, value = {}, 0
    for m in re.finditer(r"^\s*(%s\w+)(?:\s*=\s*(\w+))?," % prefix, body,
                         re.M):
        if m.group(2):
            value = int(m.group(2), 0)
        members[m.group(1)[len(prefix):]] = value
        value += 1
    return members


CMDS = uapi_enum("vxfp_cmd", "VXFP_CMD_")
ATTRS = uapi_enum("vxfp_attr", "VXFP_A_")
# The attributes of nests, by their names without VXFP_.
NESTED = {}
for _enum in ("vxfp_flow_attr", "vxfp_key_attr", "vxfp_action_attr",
              "vxfp_encap_attr", "vxfp_vlan_attr", "vxfp_mangle_attr"):
    NESTED.update(uapi_enum(_enum, "VXFP_"))
NLA_F_NESTED = 0x8000


def number(word, names):
    return names[word] if word in names else int(word, 0)


def encode(spec, names=ATTRS):
    atype, fmt, value = (spec + ":").split(":", 2)
    atype = number(atype, names)
    value = value[:-1] if value.endswith(":") else value
    packers = {"u8": "B", "u16": "H", "u32": "I", "u64": "Q"}
    if fmt in packers:
        return nla(int(atype), struct.pack(packers[fmt], int(value, 0)))
    if fmt == "str":
        return nla(int(atype), value.encode() + b"\0")
    if fmt == "raw":
        return nla(int(atype), bytes.fromhex(value))
    if fmt == "flag":
        return nla(int(atype), b"")
    raise SystemExit(f"genl.py: unknown format {fmt}")


def encode_all(words, names=ATTRS):
    """The attributes of words, TYPE:{ ... } nests included."""
    out, i = b"", 0
    while i < len(words):
        w = words[i]
        if not w.endswith(":{"):
            if w == "}":
                raise SystemExit("genl.py: } without a nest")
            out += encode(w, names)
            i += 1
            continue
        depth, j = 1, i + 1
        while j < len(words) and depth:
            depth += words[j].endswith(":{") - (words[j] == "}")
            j += 1
        if depth:
            raise SystemExit(f"genl.py: {w} not closed")
        inner = encode_all(words[i + 1:j - 1], NESTED)
        out += nla(number(w[:-2], names) | NLA_F_NESTED, inner)
        i = j
    return out


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def request(self, family, cmd, payload, flags):
        self.seq += 1
        body = struct.pack("BBH", cmd, 1, 0) + payload
        msg = struct.pack("IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK | flags, self.seq,
                          os.getpid()) + body
        self.sock.send(msg)
        replies = []
        while True:
            data = self.sock.recv(1 << 16)
            while len(data) >= 16:
                mlen, mtype, mflags, _, _ = struct.unpack_from("IHHII", data)
                if mlen < 16 or mlen > len(data):
                    raise SystemExit("genl.py: truncated message")
                msg, data = data[:mlen], data[align(mlen):]
                if mtype == NLMSG_DONE:
                    return 0, "", replies
                if mtype != NLMSG_ERROR:
                    replies.append(msg[16:])
                    continue
                err = -struct.unpack_from("i", msg, 16)[0]
                text = ""
                if mflags & NLM_F_ACK_TLVS:
                    # nlmsgerr: error, then the request's header, then
                    # (unless capped) the rest of the request.
                    orig = struct.unpack_from("I", msg, 20)[0]
                    off = 20 + (16 if mflags & NLM_F_CAPPED else align(orig))
                    tlv = parse_attrs(msg[off:])
                    if NLMSGERR_ATTR_MSG in tlv:
                        text = tlv[NLMSGERR_ATTR_MSG].rstrip(b"\0").decode()
                if err or not flags & NLM_F_DUMP:
                    return err, text, replies

    def family(self, name):
        payload = nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       payload, 0)
        if err:
            raise SystemExit(f"ERR {err} family lookup failed")
        attrs = parse_attrs(replies[0][4:])
        return struct.unpack("H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0]


def main(argv):
    flags = 0
    if argv and argv[0] == "--dump":
        flags, argv = NLM_F_DUMP, argv[1:]
    if not argv:
        raise SystemExit(__doc__)
    genl = Genl()
    family = genl.family("vxfp")
    payload = encode_all(argv[1:])
    err, text, replies = genl.request(family, number(argv[0], CMDS), payload,
                                      flags)
    if err:
        print(f"ERR {errno.errorcode.get(err, err)} {text}".rstrip())
        return 0
    print("OK")
    for reply in replies:
        print(f"MSG len={len(reply)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
