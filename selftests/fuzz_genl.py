#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the "vxfp" generic-netlink family.

  fuzz_genl.py [--seed N] [--iterations N] [--time S] [--keep SPEC ...]
               [--verbose]

Every command of enum vxfp_cmd and every attribute of the enums of
include/uapi/linux/vxfp.h, with the types their kernel-doc gives
("@VXFP_A_NUM_VFS: u32, ...", "nest of enum vxfp_flow_attr"), so that
commands and attributes added to the header later are fuzzed too. Messages
mix well-typed requests aimed at the switches and VFs that exist (found by
dumping them) with boundary values, wrong lengths, unknown attribute ids
(0, max + 1, ...), nested and deeply nested garbage, truncated netlink and
genetlink headers, odd flags, dump and non-dump.

Checked for every message: the kernel answers (or, where netlink drops a
message, stays silent and answers the next); an error is a real errno
(none of the kernel-internal ones above 511); EINVAL and ERANGE come with
an extended-ack message or offending attribute, as the family validates
strictly; replies are well-formed; a switch made is found by its name, one
deleted is gone, a mode set is the mode shown.

--keep NAME:UPLINK:VFS:MODE names a switch the caller made; it is made
again whenever the fuzzing deleted it, so that deep code stays reachable.
At the end every switch of the namespace is deleted.

Environment: FUZZ_SEED, FUZZ_ITERATIONS, FUZZ_TIME as the options.
Exit status: 0 if nothing was wrong, 1 otherwise.
"""

import argparse
import errno
import os
import random
import re
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402  (the shared raw-request helper)

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "../include/uapi/linux/vxfp.h")

# Send buffer of the fuzzing socket: room for the largest message made;
# an answer may echo all of it.
SNDBUF = 8 << 20
RECV_MAX = SNDBUF + (64 << 10)
SO_FORCE = {"SO_SNDBUFFORCE": 32, "SO_RCVBUFFORCE": 33}

NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_ECHO = 0x8
NLM_F_DUMP_INTR = 0x10
NLM_F_ROOT = 0x100
NLM_F_MATCH = 0x200
NLM_F_DUMP = 0x300
NLM_F_REPLACE = 0x100
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLM_F_APPEND = 0x800
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSG_NOOP = 1
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3fff

# Errnos the kernel keeps to itself; one reaching user space is a bug.
KERNEL_INTERNAL_ERRNO = 512


# ---------------------------------------------------------------- header

def _eval_enum_value(expr, members):
    expr = expr.strip()
    tokens = re.findall(r"\w+|[-+]", expr)
    total, sign = 0, 1
    for tok in tokens:
        if tok == "+":
            sign = 1
        elif tok == "-":
            sign = -1
        else:
            total += sign * (members[tok] if tok in members
                             else int(tok, 0))
    return total


def parse_header(path=HEADER):
    """Enums (name -> {member: value}) and kernel-doc (member -> text)."""
    with open(path) as f:
        text = f.read()
    enums = {}
    for m in re.finditer(r"enum (\w+) \{(.*?)\};", text, re.S):
        members, value = {}, 0
        body = re.sub(r"/\*.*?\*/", "", m.group(2), flags=re.S)
        for mm in re.finditer(r"^\s*(\w+)(?:\s*=\s*([^,\n]+))?,?\s*$",
                              body, re.M):
            if mm.group(2):
                value = _eval_enum_value(mm.group(2), members)
            members[mm.group(1)] = value
            value += 1
        enums[m.group(1)] = members
    docs = {}
    for m in re.finditer(r"/\*\*\n(.*?)\*/", text, re.S):
        block = re.sub(r"^\s*\* ?", "", m.group(1), flags=re.M)
        for mm in re.finditer(r"@(\w+):\s*(.*?)(?=\n@|\Z)", block, re.S):
            docs[mm.group(1)] = " ".join(mm.group(2).split())
    return enums, docs


class AttrSpec:
    """One attribute: its id, name and what its kernel-doc says it is."""

    def __init__(self, name, value, doc):
        self.name, self.id, self.doc = name, value, doc or ""
        d = self.doc
        self.kind, self.size, self.nest = "raw", None, None
        m = re.match(r"(u8|u16|u32|u64|s32)\b", d)
        if m:
            self.kind = m.group(1)
        elif d.startswith("string"):
            self.kind = "string"
        elif re.match(r"binary \((\d+) bytes", d):
            self.kind = "binary"
            self.size = int(re.match(r"binary \((\d+) bytes", d).group(1))
        elif d.startswith("flag"):
            self.kind = "flag"
        elif re.match(r"nest of enum (\w+)", d):
            self.kind = "nest"
            self.nest = re.match(r"nest of enum (\w+)", d).group(1)
        elif d.startswith("nest of u64"):
            self.kind = "nest"
            self.nest = "u64 counters"
        elif d.startswith("padding"):
            self.kind = "pad"
        # Ranges the doc gives: "(1..4094)", "0..7".
        self.ranges = [(int(a), int(b))
                       for a, b in re.findall(r"\b(\d+)\.\.(\d+)\b", d)]


class AttrSpace:
    """An enum of attributes (vxfp_attr, vxfp_flow_attr, ...)."""

    def __init__(self, name, members, docs):
        self.name = name
        self.attrs = {}
        self.max = 0
        for mname, value in members.items():
            if mname.startswith("__"):
                self.max = value - 1
                continue
            if mname.endswith("_MAX") or mname.endswith("_UNSPEC"):
                continue
            self.attrs[value] = AttrSpec(mname, value, docs.get(mname))
        if not self.max and self.attrs:
            self.max = max(self.attrs)


class Spec:
    def __init__(self, path=HEADER):
        self.enums, self.docs = parse_header(path)
        cmds = self.enums["vxfp_cmd"]
        self.cmds = {v: k[len("VXFP_CMD_"):] for k, v in cmds.items()
                     if not k.startswith("__") and k != "VXFP_CMD_MAX"}
        self.cmd_max = cmds["VXFP_CMD_MAX"]
        self.spaces = {}
        for name, members in self.enums.items():
            # Attribute sets only: vxfp_*_attr, vxfp_*_stats.
            if re.search(r"_(attr|stats)$", name):
                self.spaces[name] = AttrSpace(name, members, self.docs)
        self.top = self.spaces["vxfp_attr"]
        self.cmd_id = {v: k for k, v in self.cmds.items()}
        self.attr_id = {s.name[len("VXFP_A_"):]: i
                        for i, s in self.top.attrs.items()}

    def space(self, name):
        return self.spaces.get(name)


# ---------------------------------------------------------------- netlink

def nla(atype, payload):
    return genl.nla(atype, payload)


def nla_raw(length_field, atype, payload):
    """An attribute whose length field may lie."""
    return (struct.pack("HH", length_field & 0xffff, atype & 0xffff) +
            payload + b"\0" * (genl.align(len(payload)) - len(payload)))


def walk_attrs(buf):
    """Attributes of buf as (type, payload); raises ValueError if bad."""
    out = []
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("HH", buf)
        if alen < 4 or alen > len(buf):
            raise ValueError("attribute length %d of %d bytes" %
                             (alen, len(buf)))
        out.append((atype, buf[4:alen]))
        buf = buf[genl.align(alen):]
    if buf:
        raise ValueError("%d trailing bytes" % len(buf))
    return out


class Answer:
    def __init__(self):
        self.err = None         # errno (0 = ack), None: no final answer
        self.msg = ""
        self.offs = None
        self.done = False       # NLMSG_DONE ended a dump
        self.replies = []       # (flags, genl cmd, attrs payload)
        self.intr = False


class Sock:
    def __init__(self, timeout):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  genl.NETLINK_GENERIC)
        self.sock.setsockopt(genl.SOL_NETLINK, genl.NETLINK_EXT_ACK, 1)
        # Nests of nests make messages of hundreds of KiB, past the
        # default buffers (wmem_max, rmem_max): the send would be refused
        # before the family sees it, and the error that echoes it could
        # not be read. As root, force buffers that take them.
        for force, plain, size in (("SO_SNDBUFFORCE", socket.SO_SNDBUF,
                                    SNDBUF),
                                   ("SO_RCVBUFFORCE", socket.SO_RCVBUF,
                                    4 * SNDBUF)):
            try:
                self.sock.setsockopt(socket.SOL_SOCKET,
                                     getattr(socket, force,
                                             SO_FORCE[force]), size)
            except PermissionError:
                self.sock.setsockopt(socket.SOL_SOCKET, plain, size)
        self.sock.bind((0, 0))
        self.portid = self.sock.getsockname()[0]
        self.timeout = timeout
        self.seq = int(time.time()) & 0xffff
        self.pending = []       # messages read ahead
        g = genl.Genl()
        self.family = g.family("vxfp")
        g.sock.close()

    def next_seq(self):
        self.seq = (self.seq + 1) & 0xffffffff or 1
        return self.seq

    def send(self, data):
        self.sock.send(data)

    def _read(self):
        r, _, _ = select.select([self.sock], [], [], self.timeout)
        if not r:
            return False
        data = self.sock.recv(RECV_MAX)
        while len(data) >= 16:
            mlen, mtype, mflags, mseq, mpid = struct.unpack_from("IHHII",
                                                                 data)
            if mlen < 16 or mlen > len(data):
                raise ValueError("kernel sent a message of length %d in %d"
                                 " bytes" % (mlen, len(data)))
            self.pending.append((mtype, mflags, mseq, data[16:mlen]))
            data = data[genl.align(mlen):]
        return True

    def collect(self, seq, is_dump):
        """Read the answer to request seq; stray answers to older ones
        are returned in a list too."""
        ans, stray = Answer(), []
        while True:
            while self.pending:
                mtype, mflags, mseq, body = self.pending.pop(0)
                if mseq != seq:
                    stray.append((mtype, mseq))
                    continue
                if mflags & NLM_F_DUMP_INTR:
                    ans.intr = True
                if mtype == NLMSG_DONE:
                    ans.done = True
                    ans.err = -struct.unpack_from("i", body)[0] \
                        if len(body) >= 4 else 0
                    if ans.err:
                        self._extack(ans, mflags, body, done=True)
                    return ans, stray
                if mtype == NLMSG_ERROR:
                    ans.err = -struct.unpack_from("i", body)[0]
                    self._extack(ans, mflags, body)
                    return ans, stray
                if mtype == NLMSG_NOOP:
                    continue
                if len(body) < 4:
                    raise ValueError("reply of %d bytes" % len(body))
                ans.replies.append((mtype, mflags, body[0], body[4:]))
                if not mflags & NLM_F_MULTI and not is_dump:
                    # a doit's reply; its ack follows (we always ask one)
                    continue
            if not self._read():
                return ans, stray

    @staticmethod
    def _extack(ans, mflags, body, done=False):
        if not mflags & NLM_F_ACK_TLVS:
            return
        if done:
            off = 4
        else:
            orig = struct.unpack_from("I", body, 4)[0]
            off = 4 + (16 if mflags & NLM_F_CAPPED else genl.align(orig))
        try:
            tlvs = walk_attrs(body[off:])
        except ValueError:
            ans.msg = "<malformed extack>"
            return
        for atype, payload in tlvs:
            if atype == NLMSGERR_ATTR_MSG:
                ans.msg = payload.rstrip(b"\0").decode(errors="replace")
            elif atype == NLMSGERR_ATTR_OFFS and len(payload) >= 4:
                ans.offs = struct.unpack_from("I", payload)[0]


# ---------------------------------------------------------------- objects

class World:
    """What exists in the namespace: switches and candidate uplinks."""

    def __init__(self):
        self.switches = []      # dicts: name, id, uplink, vfs, mode
        self.ifindexes = []
        self.names = []

    def refresh(self, fz):
        self.switches = []
        ans = fz.request(fz.spec.cmd_id["SWITCH_GET"], b"",
                         NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
                         check=False)
        ids = {v: k for k, v in fz.spec.attr_id.items()}
        for _, _, _, payload in ans.replies:
            sw = {}
            for atype, val in walk_attrs(payload):
                name = ids.get(atype & NLA_TYPE_MASK)
                if name == "SWITCH_NAME":
                    sw["name"] = val.rstrip(b"\0").decode(errors="replace")
                elif name in ("SWITCH_ID", "UPLINK_IFINDEX", "NUM_VFS",
                              "PF_IFINDEX") and len(val) >= 4:
                    sw[name.lower()] = struct.unpack_from("I", val)[0]
                elif name == "ESWITCH_MODE" and val:
                    sw["mode"] = val[0]
            self.switches.append(sw)
        self.ifindexes, self.names = [], []
        for dev in os.listdir("/sys/class/net"):
            try:
                with open("/sys/class/net/%s/ifindex" % dev) as f:
                    self.ifindexes.append(int(f.read()))
                self.names.append(dev)
            except OSError:
                pass


# ---------------------------------------------------------------- fuzzer

BOUNDARY_NAMES = ["", "a", "sw", "x" * 15, "y" * 16, "z" * 40, ".", "..",
                  "a/b", "a b", "a:b", "%d", "fz%d", "lo", "eth0", "\x01",
                  "\xff\xfe", "fz" + "\x00" + "x"]


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.spec = Spec()
        self.rng = random.Random(args.seed)
        self.sk = Sock(timeout=10.0)
        self.world = World()
        self.keep = [k.split(":") for k in args.keep]
        self.failures = []
        self.stats = {"ok": 0, "errors": {}, "silent": 0, "cmds": {},
                      "made": 0, "deleted": 0, "mode_set": 0,
                      "replies": 0, "intr": 0}
        self.iteration = 0
        self.last = b""

    # -- reporting

    def fail(self, what, msg=None):
        msg = self.last if msg is None else msg
        line = "iteration %d: %s; message %s" % (self.iteration, what,
                                                  msg[:256].hex())
        self.failures.append(line)
        print("fuzz_genl: FAIL: " + line, flush=True)

    # -- sending

    def header(self, cmd, payload, flags, seq, version=1, length=None):
        body = struct.pack("BBH", cmd & 0xff, version & 0xff, 0) + payload
        if length is None:
            length = 16 + len(body)
        return struct.pack("IHHII", length & 0xffffffff, self.sk.family,
                           flags & 0xffff, seq, self.sk.portid) + body

    def request(self, cmd, payload, flags, check=True, version=1):
        seq = self.sk.next_seq()
        msg = self.header(cmd, payload, flags, seq, version)
        self.last = msg
        self.sk.send(msg)
        is_dump = (flags & NLM_F_DUMP) == NLM_F_DUMP
        ans, stray = self.sk.collect(seq, is_dump)
        if check:
            self.check(ans, stray, cmd, flags, payload)
        return ans

    def sync(self):
        """An INFO_GET with an ack: what came before it is answered."""
        return self.request(self.spec.cmd_id["INFO_GET"], b"",
                            NLM_F_REQUEST | NLM_F_ACK, check=False)

    # -- checking

    def check(self, ans, stray, cmd, flags, payload, genl_hdr_ok=True):
        for mtype, mseq in stray:
            if mtype not in (NLMSG_ERROR, NLMSG_DONE):
                self.fail("a reply to an earlier request (seq %d, type %d)"
                          % (mseq, mtype))
        self.stats["cmds"][cmd] = self.stats["cmds"].get(cmd, 0) + 1
        if ans.err is None:
            self.fail("no answer within %.0f s" % self.sk.timeout)
            return
        if ans.intr:
            self.stats["intr"] += 1
        if ans.err == 0:
            self.stats["ok"] += 1
        else:
            name = errno.errorcode.get(ans.err, str(ans.err))
            self.stats["errors"][name] = self.stats["errors"].get(name, 0) + 1
            if ans.err < 0 or ans.err >= KERNEL_INTERNAL_ERRNO or \
               ans.err not in errno.errorcode:
                self.fail("error %d is no errno user space knows" % ans.err)
            if ans.err in (errno.EINVAL, errno.ERANGE) and genl_hdr_ok and \
               not ans.msg and ans.offs is None:
                self.fail("%s without an extack message or attribute"
                          % name)
        for mtype, mflags, rcmd, body in ans.replies:
            self.stats["replies"] += 1
            if mtype != self.sk.family:
                self.fail("reply of type %d, not the family's" % mtype)
            try:
                self.check_attrs(body, self.spec.top, 0)
            except ValueError as e:
                self.fail("malformed reply to %s: %s" %
                          (self.spec.cmds.get(cmd, cmd), e))

    def check_attrs(self, buf, space, depth):
        for atype, val in walk_attrs(buf):
            a = space.attrs.get(atype & NLA_TYPE_MASK) if space else None
            if a is None:
                if space is not None and space.name != "u64 counters":
                    raise ValueError("unknown attribute %d in %s" %
                                     (atype, space.name))
                continue
            want = {"u8": 1, "u16": 2, "u32": 4, "s32": 4, "u64": 8}
            if a.kind in want and len(val) != want[a.kind]:
                raise ValueError("%s of %d bytes" % (a.name, len(val)))
            if a.kind == "binary" and len(val) != a.size:
                raise ValueError("%s of %d bytes" % (a.name, len(val)))
            if a.kind == "string" and not val.endswith(b"\0"):
                raise ValueError("%s not NUL-terminated" % a.name)
            if a.kind == "nest":
                sub = self.spec.space(a.nest)
                if sub is None:
                    walk_attrs(val)
                else:
                    self.check_attrs(val, sub, depth + 1)

    # -- values

    def int_value(self, kind, a):
        bits = {"u8": 8, "u16": 16, "u32": 32, "s32": 32, "u64": 64}[kind]
        top = (1 << bits) - 1
        cands = [0, 1, 2, top, top - 1, top >> 1, (top >> 1) + 1,
                 self.rng.getrandbits(bits)]
        for lo, hi in a.ranges if a else []:
            cands += [lo, hi, hi + 1, max(lo - 1, 0)]
        cands = [c & top for c in cands]
        return self.rng.choice(cands)

    def known(self, a):
        """A value taken from the objects that exist, or None."""
        w, r = self.world, self.rng
        n = a.name if a else ""
        if n.endswith("SWITCH_NAME") and w.switches:
            return r.choice(w.switches).get("name")
        if n.endswith("SWITCH_ID") and w.switches:
            return r.choice(w.switches).get("switch_id")
        if n.endswith("IFINDEX") and w.ifindexes:
            return r.choice(w.ifindexes)
        if n.endswith("PORT_INDEX"):
            vfs = max([s.get("num_vfs", 0) for s in w.switches] + [1])
            return r.randrange(0, vfs + 1)
        if n.endswith("NUM_VFS"):
            return r.choice([0, 1, 2, 3, 4, 64])
        if n.endswith("MODE"):
            return r.choice([0, 1])
        return None

    def string(self, a):
        r = self.rng
        k = self.known(a)
        if k is not None and isinstance(k, str) and r.random() < 0.5:
            return k
        if a and a.name.endswith("NAME") and r.random() < 0.4:
            return "fz%d" % r.randrange(0, 6)
        return r.choice(BOUNDARY_NAMES + ["".join(
            chr(r.randrange(33, 127)) for _ in range(r.randrange(1, 20)))])

    def payload(self, a, depth):
        """A payload for attribute a (None: an unknown attribute)."""
        r = self.rng
        kind = a.kind if a else "raw"
        if r.random() < 0.15:
            kind = r.choice(["raw", "u8", "u16", "u32", "u64", "string",
                             "nest", "flag"])
        if kind in ("u8", "u16", "u32", "s32", "u64"):
            v = self.known(a) if a and r.random() < 0.5 else None
            if not isinstance(v, int):
                v = self.int_value(kind, a)
            fmt, bits = {"u8": ("B", 8), "u16": ("H", 16), "u32": ("I", 32),
                         "s32": ("I", 32), "u64": ("Q", 64)}[kind]
            return struct.pack(fmt, v & ((1 << bits) - 1))
        if kind == "string":
            s = self.string(a).encode(errors="surrogateescape")
            if r.random() < 0.1:
                return s        # no NUL
            if r.random() < 0.05:
                return s + b"\0" + b"A" * r.choice([1, 100, 3000])
            return s + b"\0"
        if kind == "binary":
            size = a.size if a and a.size else 6
            if r.random() < 0.2:
                size = r.choice([0, 1, size - 1, size + 1, size * 2])
            fill = r.choice(["zero", "ones", "rand", "unicast"])
            if fill == "zero":
                return b"\0" * size
            if fill == "ones":
                return b"\xff" * size
            b = bytes(r.getrandbits(8) for _ in range(size))
            if fill == "unicast" and b:
                b = bytes([(b[0] & 0xfe) | 0x02]) + b[1:]
            return b
        if kind == "flag":
            return b"" if r.random() < 0.8 else b"\x01"
        if kind == "nest":
            sub = self.spec.space(a.nest) if a and a.nest else None
            return self.attrs(sub, depth + 1,
                              r.randrange(0, 5 if depth < 3 else 2))
        if kind == "pad":
            return b"\0" * r.choice([0, 4, 8])
        size = r.choice([0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 64, 255, 1024,
                         4096])
        return bytes(r.getrandbits(8) for _ in range(size))

    def attr_type(self, space):
        r = self.rng
        ids = list(space.attrs) if space and space.attrs else [1]
        top = space.max if space else 8
        x = r.random()
        if x < 0.85:
            t = r.choice(ids)
        else:
            t = r.choice([0, top + 1, top + 2, NLA_TYPE_MASK,
                          r.randrange(0, NLA_TYPE_MASK + 1)])
        y = r.random()
        if y < 0.04:
            t |= NLA_F_NET_BYTEORDER
        elif y < 0.08:
            t |= NLA_F_NESTED
        return t

    def attr(self, space, depth):
        r = self.rng
        t = self.attr_type(space)
        a = space.attrs.get(t & NLA_TYPE_MASK) if space else None
        if a and a.kind == "nest" and r.random() < 0.9:
            t |= NLA_F_NESTED
        p = self.payload(a, depth)
        return nla(t, p)

    def attrs(self, space, depth, n):
        r = self.rng
        out = b"".join(self.attr(space, depth) for _ in range(n))
        x = r.random()
        if x < 0.03:
            out += bytes(r.getrandbits(8) for _ in range(r.randrange(1, 4)))
        elif x < 0.06:
            # an attribute whose length runs past the end
            out += nla_raw(r.choice([0, 1, 2, 3, 8, 200, 0xffff]),
                           self.attr_type(space), b"\0" * 4)
        elif x < 0.08 and depth < 2:
            out += self.deep(space)
        return out

    def deep(self, space):
        """A nest inside a nest ... as deep as a message allows."""
        r = self.rng
        nests = [a for a in (space.attrs.values() if space else [])
                 if a.kind == "nest"] or [None]
        a = r.choice(nests)
        t = (a.id if a else r.randrange(1, 40)) | NLA_F_NESTED
        inner = b""
        for _ in range(r.choice([4, 16, 64, 500])):
            inner = nla(t, inner)
        return inner

    # -- messages

    def typed_payload(self, cmd):
        r = self.rng
        n = r.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 8])
        if r.random() < 0.01:
            n = 3000        # a message of tens of kilobytes
        return self.attrs(self.spec.top, 0, n)

    def plausible_payload(self, cmd):
        """A request that may well succeed, to reach deep code."""
        r, w, A = self.rng, self.world, self.spec.attr_id
        name = self.spec.cmds.get(cmd, "")
        out = b""
        sw = r.choice(w.switches) if w.switches else None

        def put(attr, kind, value):
            fmt = {"u8": "B", "u16": "H", "u32": "I", "u64": "Q"}
            if attr not in A:
                return b""
            if kind == "str":
                return nla(A[attr], value.encode() + b"\0")
            if kind == "raw":
                return nla(A[attr], value)
            return nla(A[attr], struct.pack(fmt[kind], value))

        if name == "SWITCH_NEW":
            used = {s.get("uplink_ifindex") for s in w.switches}
            free = [i for i in w.ifindexes if i not in used]
            up = r.choice(free or w.ifindexes or [1])
            out += put("SWITCH_NAME", "str", "fz%d" % r.randrange(0, 6))
            out += put("UPLINK_IFINDEX", "u32", up)
            if r.random() < 0.7:
                out += put("NUM_VFS", "u32", r.choice([0, 1, 2, 4, 64]
                                                      if r.random() < 0.05
                                                      else [0, 1, 2, 4]))
            if r.random() < 0.7:
                out += put("ESWITCH_MODE", "u8", r.randrange(0, 2))
            return out
        if sw is None:
            return self.typed_payload(cmd)
        if r.random() < 0.5 or "SWITCH_ID" not in A:
            out += put("SWITCH_NAME", "str", sw.get("name", "x"))
        else:
            out += put("SWITCH_ID", "u32", sw.get("switch_id", 0))
        if name == "SWITCH_SET":
            out += put("ESWITCH_MODE", "u8", r.randrange(0, 2))
            return out
        if name in ("SWITCH_DEL", "SWITCH_GET"):
            return out
        vfs = sw.get("num_vfs", 0)
        if name.startswith("PORT") or r.random() < 0.3:
            out += put("PORT_INDEX", "u32",
                       r.randrange(0, vfs) if vfs and r.random() < 0.9
                       else vfs)
        if name == "PORT_SET":
            choices = [
                lambda: put("VF_MAC", "raw", bytes([0x02] + [
                    r.getrandbits(8) for _ in range(5)])),
                lambda: put("VF_MAC", "raw", b"\0" * 6),
                lambda: put("VF_VLAN", "u16", r.choice([0, 1, 10, 4094])) +
                (put("VF_QOS", "u8", r.randrange(0, 8))
                 if r.random() < 0.5 else b"") +
                (put("VF_VLAN_PROTO", "u16", r.choice([0x8100, 0x88a8,
                                                        0x0800]))
                 if r.random() < 0.3 else b""),
                lambda: put("VF_SPOOFCHK", "u8", r.randrange(0, 2)),
                lambda: put("VF_TRUST", "u8", r.randrange(0, 2)),
                lambda: put("VF_LINK_STATE", "u8", r.randrange(0, 3)),
                lambda: put("VF_MAX_TX_RATE", "u32",
                            r.choice([0, 1, 100, 100000, 0xffffffff])),
            ]
            for f in r.sample(choices, r.randrange(1, 4)):
                out += f()
            return out
        # A command this fuzzer knows nothing about (flows, ...): the
        # switch, and well-typed attributes, nests included.
        return out + self.attrs(self.spec.top, 0, r.randrange(1, 4))

    def pick_cmd(self):
        r = self.rng
        x = r.random()
        if x < 0.9:
            return r.choice(list(self.spec.cmds))
        return r.choice([0, self.spec.cmd_max + 1, self.spec.cmd_max + 2,
                         255, r.randrange(0, 256)])

    def one(self):
        r = self.rng
        cmd = self.pick_cmd()
        flags = NLM_F_REQUEST | NLM_F_ACK
        if r.random() < 0.25:
            flags |= NLM_F_DUMP
        if r.random() < 0.08:
            flags |= r.choice([NLM_F_ECHO, NLM_F_REPLACE, NLM_F_EXCL,
                               NLM_F_CREATE, NLM_F_APPEND, NLM_F_ROOT,
                               0x1000, 0x8000])
        x = r.random()
        if x < 0.35:
            payload = self.plausible_payload(cmd)
        elif x < 0.85:
            payload = self.typed_payload(cmd)
        elif x < 0.92:
            payload = bytes(r.getrandbits(8)
                            for _ in range(r.choice([1, 2, 3, 5, 31, 300])))
        else:
            return self.header_fuzz(cmd, flags)
        version = 1 if r.random() < 0.95 else r.choice([0, 2, 255])
        ans = self.request(cmd, payload, flags, version=version)
        if ans.err == 0 and not (flags & NLM_F_DUMP) == NLM_F_DUMP:
            self.after_success(cmd, payload)

    def header_fuzz(self, cmd, flags):
        """Messages netlink or genetlink itself must refuse or ignore."""
        r = self.rng
        seq = self.sk.next_seq()
        kind = r.randrange(0, 5)
        if kind == 0:
            # genetlink header cut short: EINVAL, no extack in 6.1
            body = struct.pack("BB", cmd, 1)[:r.randrange(0, 3)]
            msg = struct.pack("IHHII", 16 + len(body), self.sk.family,
                              flags, seq, self.sk.portid) + body
            expect = "answer-noextack"
        elif kind == 1:
            # nlmsg_len longer than what was sent: dropped silently
            msg = self.header(cmd, b"", flags, seq,
                              length=r.choice([21, 100, 4096]))
            expect = "maybe"
        elif kind == 2:
            # nlmsg_len below the netlink header: dropped silently
            msg = self.header(cmd, b"", flags, seq,
                              length=r.randrange(0, 16))
            expect = "maybe"
        elif kind == 3:
            # not a request: the kernel only acks it
            msg = self.header(cmd, self.typed_payload(cmd),
                              flags & ~NLM_F_REQUEST, seq)
            expect = "answer"
        else:
            # two requests in one datagram, the second one garbage
            first = self.header(cmd, self.typed_payload(cmd), flags, seq)
            # netlink finds the next message at the aligned length
            first += b"\0" * (genl.align(len(first)) - len(first))
            self.sk.seq = seq
            seq2 = self.sk.next_seq()
            msg = first + self.header(self.pick_cmd(),
                                      self.typed_payload(cmd), flags, seq2)
            expect = "two"
        self.last = msg
        self.sk.send(msg)
        is_dump = (flags & NLM_F_DUMP) == NLM_F_DUMP
        if expect == "two":
            ans, stray = self.sk.collect(seq, is_dump)
            self.check(ans, stray, cmd, flags, b"")
            if is_dump and ans.err == 0:
                # A dump that started ends the datagram for netlink
                # (netlink_rcv_skb): the second request is never read.
                expect = "maybe"
                seq = seq2
            else:
                ans, stray = self.sk.collect(seq2, is_dump)
                self.check(ans, stray, cmd, flags, b"")
                return
        if expect in ("answer", "answer-noextack"):
            ans, stray = self.sk.collect(seq, is_dump)
            self.check(ans, stray, cmd, flags, b"",
                       genl_hdr_ok=expect == "answer")
            return
        # The kernel may drop these: a sync request tells when it is done.
        old = self.sk.timeout
        self.sk.timeout = 0.05
        ans, stray = self.sk.collect(seq, is_dump)
        self.sk.timeout = old
        if ans.err is None:
            self.stats["silent"] += 1
        self.sync()

    def after_success(self, cmd, payload):
        """What a successful request promised must hold."""
        name = self.spec.cmds.get(cmd, "")
        A = self.spec.attr_id
        try:
            attrs = dict((t & NLA_TYPE_MASK, v)
                         for t, v in walk_attrs(payload))
        except ValueError:
            return
        swname = attrs.get(A.get("SWITCH_NAME"))
        swname = swname.split(b"\0")[0].decode(errors="replace") \
            if swname is not None else None
        if name == "SWITCH_NEW":
            self.stats["made"] += 1
            if not os.path.exists("/sys/class/net/%s" % swname):
                self.fail("switch %r made, but no netdev of that name" %
                          swname)
            self.world.refresh(self)
        elif name == "SWITCH_DEL":
            self.stats["deleted"] += 1
            self.world.refresh(self)
            if swname and any(s.get("name") == swname
                              for s in self.world.switches):
                self.fail("switch %r deleted, but still listed" % swname)
        elif name == "SWITCH_SET" and A.get("ESWITCH_MODE") in attrs:
            self.stats["mode_set"] += 1
            mode = attrs[A["ESWITCH_MODE"]][0]
            self.world.refresh(self)
            sid = attrs.get(A.get("SWITCH_ID"))
            sid = struct.unpack("I", sid)[0] if sid and len(sid) == 4 \
                else None
            for s in self.world.switches:
                if (swname and s.get("name") == swname) or \
                   (not swname and s.get("switch_id") == sid):
                    if s.get("mode") != mode:
                        self.fail("mode %d set, switch %s shows %s" %
                                  (mode, s.get("name"), s.get("mode")))

    # -- objects the caller made

    def replenish(self):
        self.world.refresh(self)
        have = {s.get("name") for s in self.world.switches}
        for name, uplink, vfs, mode in self.keep:
            if name in have:
                continue
            try:
                with open("/sys/class/net/%s/ifindex" % uplink) as f:
                    ifindex = int(f.read())
            except OSError:
                continue
            # The uplink may carry a switch the fuzzing made: free it.
            for s in self.world.switches:
                if s.get("uplink_ifindex") == ifindex:
                    self.delete(s.get("name"))
            A = self.spec.attr_id
            payload = (nla(A["SWITCH_NAME"], name.encode() + b"\0") +
                       nla(A["UPLINK_IFINDEX"], struct.pack("I", ifindex)) +
                       nla(A["NUM_VFS"], struct.pack("I", int(vfs))) +
                       nla(A["ESWITCH_MODE"], struct.pack(
                           "B", 1 if mode == "switchdev" else 0)))
            ans = self.request(self.spec.cmd_id["SWITCH_NEW"], payload,
                               NLM_F_REQUEST | NLM_F_ACK)
            if ans.err:
                self.fail("cannot make switch %s again: %s %s" %
                          (name, errno.errorcode.get(ans.err, ans.err),
                           ans.msg))
        self.world.refresh(self)

    def delete(self, name):
        A = self.spec.attr_id
        return self.request(self.spec.cmd_id["SWITCH_DEL"],
                            nla(A["SWITCH_NAME"], name.encode() + b"\0"),
                            NLM_F_REQUEST | NLM_F_ACK)

    def cleanup(self):
        self.world.refresh(self)
        for s in self.world.switches:
            ans = self.delete(s.get("name"))
            if ans.err:
                self.fail("cannot delete switch %s: %s %s" %
                          (s.get("name"),
                           errno.errorcode.get(ans.err, ans.err), ans.msg))
        self.world.refresh(self)
        if self.world.switches:
            self.fail("switches left: %s" %
                      [s.get("name") for s in self.world.switches])

    def run(self):
        a = self.args
        cmds = ", ".join("%s=%d" % (n, i) for i, n in
                         sorted(self.spec.cmds.items()))
        print("fuzz_genl: seed %d, %d iterations (at most %d s), family id "
              "%d" % (a.seed, a.iterations, a.time, self.sk.family))
        print("fuzz_genl: commands %s; top-level attributes 0..%d; "
              "attribute sets %s" % (cmds, self.spec.top.max,
                                     ", ".join(sorted(self.spec.spaces))),
              flush=True)
        self.replenish()
        start = time.monotonic()
        cut = False
        for self.iteration in range(a.iterations):
            if time.monotonic() - start > a.time:
                cut = True
                break
            if self.iteration % 50 == 0:
                self.replenish()
            try:
                self.one()
            except (ValueError, struct.error) as e:
                self.fail("cannot parse the answer: %s" % e)
            except OSError as e:
                self.fail("socket error %s" % e)
            if len(self.failures) >= 20:
                print("fuzz_genl: too many failures, stopping")
                break
            if a.verbose and self.iteration % 500 == 0:
                print("fuzz_genl: %d iterations" % self.iteration,
                      flush=True)
        else:
            self.iteration = a.iterations
        elapsed = time.monotonic() - start
        done = self.iteration
        self.cleanup()
        s = self.stats
        print("fuzz_genl: %d iterations in %.1f s: %.0f/s%s" %
              (done, elapsed, done / elapsed if elapsed else 0,
               " (time limit reached)" if cut else ""))
        print("fuzz_genl: answers: %d ok, %s; %d silently dropped; "
              "%d replies; %d dumps interrupted" %
              (s["ok"], ", ".join("%d %s" % (v, k) for k, v in
                                  sorted(s["errors"].items())),
               s["silent"], s["replies"], s["intr"]))
        print("fuzz_genl: switches made %d, deleted %d, modes set %d" %
              (s["made"], s["deleted"], s["mode_set"]))
        print("fuzz_genl: per command: %s" %
              ", ".join("%s %d" % (self.spec.cmds.get(c, str(c)), n)
                        for c, n in sorted(s["cmds"].items())))
        print("fuzz_genl: FUZZ_THROUGHPUT=%.0f" %
              (done / elapsed if elapsed else 0))
        if self.failures:
            print("fuzz_genl: %d failure(s); reproduce with --seed %d" %
                  (len(self.failures), a.seed))
            return 1
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int,
                   default=int(os.environ.get("FUZZ_SEED", "1")))
    p.add_argument("--iterations", type=int,
                   default=int(os.environ.get("FUZZ_ITERATIONS", "3000")))
    p.add_argument("--time", type=int,
                   default=int(os.environ.get("FUZZ_TIME", "50")))
    p.add_argument("--keep", action="append", default=[],
                   metavar="NAME:UPLINK:VFS:MODE")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--list", action="store_true",
                   help="print what the header says, fuzz nothing")
    args = p.parse_args()
    if args.list:
        spec = Spec()
        for i, n in sorted(spec.cmds.items()):
            print("cmd %d %s" % (i, n))
        for name, space in sorted(spec.spaces.items()):
            for i, a in sorted(space.attrs.items()):
                print("%s %d %s %s%s" % (name, i, a.name, a.kind,
                                         " -> " + a.nest if a.nest else ""))
        return 0
    return Fuzzer(args).run()


if __name__ == "__main__":
    sys.exit(main())
