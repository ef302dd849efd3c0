#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail each memory allocation of one vxfp request in turn.

  fail_nth.py [--max N] [--undo CMD [ATTR ...] --] CMD [ATTR ...]

CMD and ATTRs as genl.py takes them (SWITCH_NEW SWITCH_NAME:str:sw1 ...).
For n = 1, 2, ...: make the n-th fault-injection point this thread meets
fail (/proc/thread-self/fail-nth: slab allocations through failslab, pages
through fail_page_alloc, as the caller set them up), send the request, and
check what a failure must leave: an errno, and the namespace exactly as it
was (switches, their modes, ports and flows, netdevs, vxfp devices). A
request that succeeds is undone with the --undo request (without a
fault). It stops at the first n that the request gets through without
meeting its fault, or at --max.

Prints one line per n with a failure, and a summary; exit status 0 if
every failure was clean, 1 otherwise, 4 without fault injection.
"""

import argparse
import errno
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402
import fuzz_genl as fz  # noqa: E402

FAIL_NTH = "/proc/thread-self/fail-nth"
FLOW_A_STATS = genl.NESTED["FLOW_A_STATS"]


class Checker:
    def __init__(self):
        self.spec = fz.Spec()
        self.sk = fz.Sock(timeout=20.0)
        self.ids = {v: k for k, v in self.spec.attr_id.items()}

    def request(self, cmd, payload, dump=False):
        seq = self.sk.next_seq()
        flags = fz.NLM_F_REQUEST | fz.NLM_F_ACK | (fz.NLM_F_DUMP if dump
                                                   else 0)
        body = genl.struct.pack("BBH", cmd, 1, 0) + payload
        msg = genl.struct.pack("IHHII", 16 + len(body), self.sk.family,
                               flags, seq, self.sk.portid) + body
        self.sk.send(msg)
        return self.sk.collect(seq, dump)[0]

    def dump(self, cmd_name):
        ans = self.request(self.spec.cmd_id[cmd_name], b"", dump=True)
        out = []
        for _, _, _, payload in ans.replies:
            obj = []
            for atype, val in fz.walk_attrs(payload):
                name = self.ids.get(atype & fz.NLA_TYPE_MASK, str(atype))
                if name.endswith("STATS"):
                    continue
                if name == "FLOW":
                    # a flow without its counters, which traffic moves
                    val = b"".join(genl.nla(t, v) for t, v in
                                   fz.walk_attrs(val)
                                   if t & fz.NLA_TYPE_MASK != FLOW_A_STATS)
                obj.append((name, val.hex()))
            out.append(tuple(sorted(obj)))
        return sorted(out)

    def state(self):
        """What a failed request must not change."""
        bus = "/sys/bus/vxfp/devices"
        return {
            "switches": self.dump("SWITCH_GET"),
            "ports": self.dump("PORT_GET"),
            "flows": self.dump("FLOW_GET"),
            "netdevs": sorted(os.listdir("/sys/class/net")),
            "devices": sorted(os.listdir(bus)) if os.path.isdir(bus)
            else [],
        }


def parse_request(words):
    cmd = genl.number(words[0], genl.CMDS)
    return cmd, genl.encode_all(words[1:])


# Opened once: opening it again would be an allocation that counts.
_fail_nth_fd = None


def set_fail_nth(n):
    global _fail_nth_fd
    if _fail_nth_fd is None:
        _fail_nth_fd = os.open(FAIL_NTH, os.O_RDWR)
    os.pwrite(_fail_nth_fd, str(n).encode(), 0)


def get_fail_nth():
    return int(os.pread(_fail_nth_fd, 32, 0) or b"0")


def main():
    argv = sys.argv[1:]
    undo = None
    if "--undo" in argv:
        i = argv.index("--undo")
        j = argv.index("--", i)
        undo = argv[i + 1:j]
        argv = argv[:i] + argv[j + 1:]
    p = argparse.ArgumentParser()
    p.add_argument("--max", type=int, default=2000)
    p.add_argument("request", nargs="+")
    args = p.parse_args(argv)
    if not os.path.exists(FAIL_NTH):
        print("fail_nth.py: no %s (kernel without CONFIG_FAULT_INJECTION)"
              % FAIL_NTH)
        return 4
    cmd, payload = parse_request(args.request)
    undo = parse_request(undo) if undo else None

    c = Checker()
    before = c.state()
    problems, failed, n = 0, {}, 0
    for n in range(1, args.max + 1):
        err, lost = None, False
        set_fail_nth(n)
        try:
            ans = c.request(cmd, payload)
            err = ans.err
        except OSError as e:
            # the ack itself could not be allocated: the socket says so
            lost = e.errno == errno.ENOBUFS
            if not lost:
                raise
        left = get_fail_nth()
        set_fail_nth(0)
        if lost:
            # the answer is gone, not the request: undo it if it was done
            try:
                c.sk.pending.clear()
                after = c.state()
            except OSError:
                after = c.state()
            if after != before and undo:
                c.request(*undo)
                after = c.state()
            if differs(n, "answer lost, the request undone", before, after):
                problems += 1
                before = after
            failed["lost"] = failed.get("lost", 0) + 1
            continue
        if err is None:
            print("fail_nth.py: n=%d: no answer" % n)
            problems += 1
            break
        if left:
            # got through without meeting the n-th point: every one done
            if err:
                print("fail_nth.py: n=%d: fails with no fault injected: "
                      "%s %s" % (n, errno.errorcode.get(err, err), ans.msg))
                problems += 1
            elif undo:
                c.request(*undo)
            break
        after = c.state()
        if err == 0:
            if undo:
                ans = c.request(*undo)
                if ans.err:
                    print("fail_nth.py: n=%d: undo failed: %s %s" %
                          (n, errno.errorcode.get(ans.err, ans.err),
                           ans.msg))
                    problems += 1
                    break
                after = c.state()
            if differs(n, "succeeded and undone", before, after):
                problems += 1
                before = after
            continue
        name = errno.errorcode.get(err, str(err))
        failed[name] = failed.get(name, 0) + 1
        if err >= 512 or err not in errno.errorcode:
            print("fail_nth.py: n=%d: error %d is no errno" % (n, err))
            problems += 1
        if after != before:
            print("fail_nth.py: n=%d: failed with %s (%s), but changed "
                  "the state: %s" % (n, name, ans.msg, diff(before, after)))
            problems += 1
            before = after
            if undo:
                c.request(*undo)
                before = c.state()
    print("fail_nth.py: %d fault points; failures answered: %s" %
          (n - 1, ", ".join("%d %s" % (v, k) for k, v in
                            sorted(failed.items())) or "none"))
    if n >= args.max:
        print("fail_nth.py: stopped at --max %d" % args.max)
    return 1 if problems else 0


def differs(n, what, before, after):
    """Whether a request, then its undo, left the state changed; says so."""
    if after == before:
        return False
    print("fail_nth.py: n=%d: %s, but the state differs: %s" %
          (n, what, diff(before, after)))
    return True


def diff(a, b):
    out = []
    for k in a:
        if a[k] != b[k]:
            gone = [x for x in a[k] if x not in b[k]]
            new = [x for x in b[k] if x not in a[k]]
            out.append("%s: -%s +%s" % (k, str(gone)[:300], str(new)[:300]))
    return "; ".join(out)


if __name__ == "__main__":
    sys.exit(main())
