#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail each memory allocation of one vxfp request in turn.

  fail_nth.py [--max N] [--trace] [--undo CMD [ATTR ...] --] CMD [ATTR ...]

CMD and ATTRs as genl.py takes them (SWITCH_NEW SWITCH_NAME:str:sw1 ...).
For n = 1, 2, ...: make the n-th fault-injection point this thread meets
fail (/proc/thread-self/fail-nth: slab allocations through failslab, pages
through fail_page_alloc, as the caller set them up), send the request, and
check what a failure must leave: an errno, and the namespace exactly as it
was (switches, their modes, ports and flows, netdevs, vxfp devices). A
request that succeeds is undone with the --undo request (without a
fault). It stops at the first n that the request gets through without
meeting its fault, or at --max.

An answer other than ENOMEM is clean but says less than it could: it is
printed, and with --trace so is the failed allocation's call chain, from
fault injection's call traces in the kernel log (slower: a stack dump
for each fault), to trace the errno to where it is made.

Prints one line per n with a problem or an errno other than ENOMEM, and
a summary; exit status 0 if every failure was clean, 1 otherwise, 4
without fault injection.
"""

import argparse
import errno
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402
import fuzz_genl as fz  # noqa: E402

FAIL_NTH = "/proc/thread-self/fail-nth"
FAULT_VERBOSE = ["/sys/kernel/debug/%s/verbose" % a
                 for a in ("failslab", "fail_page_alloc")]
# A frame of a call trace in the kernel log: "  func+0x1f/0x40 [mod]".
FRAME_RE = re.compile(r"^\s*([A-Za-z0-9_.]+)\+0x[0-9a-f]+/0x[0-9a-f]+")
# The frames of fault injection and of the allocators, above the caller.
ALLOC_RE = re.compile(r"^(dump_stack|show_stack|fail_dump|should_fail|"
                      r"__should_fail|should_failslab|slab_|kmem_cache_alloc|"
                      r"__kmem_cache|kmalloc|__kmalloc|kzalloc|krealloc|"
                      r"kvmalloc|__kvmalloc|kmemdup|kstrdup|kvasprintf|"
                      r"__alloc_pages|alloc_pages|__get_free_pages|"
                      r"get_zeroed_page|prepare_alloc_pages|folio_alloc|"
                      r"__folio_alloc|__vmalloc|vmalloc|vzalloc|pcpu_|"
                      r"__alloc_percpu|alloc_percpu|__alloc_skb)")
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


class Tracer:
    """Fault injection's call traces (its verbose 2), read back from the
    kernel log after each request. The console is spared them: its log
    level is lowered meanwhile. Failures of __GFP_NOWARN allocations
    leave no trace."""

    PRINTK = "/proc/sys/kernel/printk"

    def __init__(self):
        # each file's first number: printk's is the console log level
        self.saved = [(f, open(f).read().split()[0])
                      for f in FAULT_VERBOSE + [self.PRINTK]]
        self.kmsg = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.kmsg, 0, os.SEEK_END)
        for f in FAULT_VERBOSE:
            self._write(f, "2")
        self._write(self.PRINTK, "1")

    @staticmethod
    def _write(path, value):
        with open(path, "w") as f:
            f.write(value)

    def close(self):
        for f, v in self.saved:
            self._write(f, v)
        os.close(self.kmsg)

    def caller(self):
        """The callers of the fault injected since the last call, as
        "f <- g <- ...", or None."""
        frames, dumps = [], 0
        while True:
            try:
                rec = os.read(self.kmsg, 8192)
            except BlockingIOError:
                break
            except OSError as e:
                if e.errno == errno.EPIPE:  # overwritten: read on
                    continue
                raise
            line = rec.decode(errors="replace").split(";", 1)[-1]
            if "FAULT_INJECTION: forcing a failure" in line:
                dumps += 1
                continue
            m = FRAME_RE.match(line)
            if dumps == 1 and m and not line.lstrip().startswith("?"):
                if frames or not ALLOC_RE.match(m.group(1)):
                    frames.append(m.group(1))
        return " <- ".join(frames[:8]) or None


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
    p.add_argument("--trace", action="store_true")
    p.add_argument("request", nargs="+")
    args = p.parse_args(argv)
    if not os.path.exists(FAIL_NTH):
        print("fail_nth.py: no %s (kernel without CONFIG_FAULT_INJECTION)"
              % FAIL_NTH)
        return 4
    cmd, payload = parse_request(args.request)
    undo = parse_request(undo) if undo else None

    c = Checker()
    tracer = Tracer() if args.trace else None
    try:
        return run(c, cmd, payload, undo, args.max, tracer)
    finally:
        if tracer:
            tracer.close()


def run(c, cmd, payload, undo, max_n, tracer):
    """Fail each fault point of the request in turn; 0 if all was clean."""
    before = c.state()
    problems, failed, n = 0, {}, 0
    for n in range(1, max_n + 1):
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
        caller = tracer.caller() if tracer else None
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
        elif err != errno.ENOMEM:
            print("fail_nth.py: n=%d: answered %s (%s)%s" %
                  (n, name, ans.msg or "no message",
                   "; the failed allocation: %s" % caller if caller else ""))
    print("fail_nth.py: %d fault points; failures answered: %s" %
          (n - 1, ", ".join("%d %s" % (v, k) for k, v in
                            sorted(failed.items())) or "none"))
    if n >= max_n:
        print("fail_nth.py: stopped at --max %d" % max_n)
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
