#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The report of make bench, from what tools/bench/bench gathered in DIR:

  console.log    the VM's console, with a "BENCH {...}" line per figure
  ftbench.json   make bench-ft BENCH_ARGS=-j (ns per lookup, this host)
  callgrind.txt  tools/ftbench/cg_report.sh (instructions per lookup)
  host.json      this host, qemu, the run's timings

It writes DIR/bench.json (every figure, the medians, spreads and ratios,
the facts), DIR/bench.txt (the table it also prints) and one chart per
metric, DIR/*.png, with gnuplot. Only the standard library: this is
Debian's /usr/bin/python3.

  report.py --dir DIR [--datapaths "dp1 dp2"]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

DATAPATHS = ["veth", "bridge+vxlan", "ovs-kernel", "ovs-tc", "vxfp",
             "vxfp-direct"]
REFS = ["veth", "ovs-kernel"]

# name, what, unit, better (higher|lower), scale for the table
METRICS = [
    ("tcp1", "single-stream TCP throughput (iperf3)", "Gbit/s", "higher"),
    ("tcp8", "8-stream TCP throughput (iperf3 -P 8)", "Gbit/s", "higher"),
    ("udp64", "64-byte UDP packets received per second "
     "(iperf3 -u -l 64 -b 0)", "pps", "higher"),
    ("pps64", "64-byte frames per second from pktgen in C reaching B's "
     "end of the wire (A's datapath alone)", "pps", "higher"),
    ("rr_mean", "TCP request/response, mean round trip (rr, 1 byte, both "
     "ends on one CPU)", "us", "lower"),
    ("rr_p99", "TCP request/response, 99th percentile round trip",
     "us", "lower"),
    ("udp64_cpu", "CPU time per 64-byte UDP packet reaching B "
     "(all CPUs, /proc/stat)", "ns/pkt", "lower"),
    ("pps64_cpu", "CPU time per pktgen frame reaching B's end of the wire "
     "(all CPUs, /proc/stat)", "ns/pkt", "lower"),
    ("rr_cpu", "CPU time per request/response transaction "
     "(all CPUs, /proc/stat)", "us/trans", "lower"),
]

CTRL_METHODS = ["nlctl", "tc-skip_sw", "tc-skip_hw"]
CTRL_FIGURES = [
    ("flows_per_s", "flows installed per second", "flows/s", "higher"),
    ("first_half_per_s", "flows per second, first half of the batch",
     "flows/s", "higher"),
    ("second_half_per_s", "flows per second, second half of the batch",
     "flows/s", "higher"),
    ("mem_bytes_per_flow", "memory per flow (MemFree)", "bytes", "lower"),
    ("avail_bytes_per_flow", "memory per flow (MemAvailable)", "bytes",
     "lower"),
    ("slab_bytes_per_flow", "slab per flow", "bytes", "lower"),
    ("dump_s", "dump of all flows", "s", "lower"),
    ("remove_s", "removal of all flows", "s", "lower"),
]

BENCH_RE = re.compile(r"BENCH (\{.*\})\s*$")


def read_records(path):
    recs, bad = [], 0
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = BENCH_RE.search(line.replace("\r", ""))
                if not m:
                    continue
                try:
                    recs.append(json.loads(m.group(1)))
                except ValueError:
                    bad += 1
    except OSError:
        pass
    return recs, bad


def load_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def read_callgrind(path):
    rows = []
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) == 4 and w[0].isdigit():
                    rows.append({"flows": int(w[0]), "masks": int(w[1]),
                                 "case": w[2], "ir_per_lookup": float(w[3])})
    except OSError:
        pass
    return rows


def stats(values):
    values = [v for v in values if isinstance(v, (int, float))]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "n": len(values)}


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def fmt(v, unit=""):
    if v is None:
        return "-"
    if unit == "pps" or abs(v) >= 10000:
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def fmt_ratio(r):
    return "-" if r is None else f"{r:.2f}"


# ------------------------------------------------------------------ model

def build(recs, wanted):
    dps = {}
    for dp in wanted:
        dps[dp] = {"status": "not run", "metrics": {}}
    facts, phases, warnings, klog, ctrl_runs = {}, {}, [], [], []
    for r in recs:
        t = r.get("type")
        if t == "facts":
            # the VM's, then the datapath runs' (modules loaded)
            facts.update({k: v for k, v in r.items() if k != "type"})
        elif t == "phase":
            phases[r.get("name")] = r.get("secs")
        elif t == "klog":
            klog.append(r.get("line"))
        elif t == "ovs_warning":
            warnings.append({"dp": r.get("dp"), "line": r.get("line")})
        elif t == "ovs_not_offloaded":
            d = dps.setdefault(r.get("dp"), {"status": "not run",
                                             "metrics": {}})
            d.setdefault("ovs_not_offloaded", []).append(r.get("flow"))
        elif t == "ctrl":
            ctrl_runs.append(r)
        elif t in ("run", "dp"):
            dp = r.get("dp")
            d = dps.setdefault(dp, {"status": "not run", "metrics": {}})
            if t == "dp":
                for k, v in r.items():
                    if k not in ("type", "dp"):
                        d[k] = v
                continue
            m = d["metrics"].setdefault(r.get("metric"),
                                        {"runs": [], "errors": []})
            if "error" in r and r.get("value") is None:
                m["errors"].append(r["error"])
            else:
                m["runs"].append({k: v for k, v in r.items()
                                  if k not in ("type", "dp", "metric")})
    # errors of the tcp/udp/rr runs belong to every figure they feed
    for d in dps.values():
        err = d["metrics"].pop("rr", None)
        if err:
            for name in ("rr_mean", "rr_p99", "rr_cpu"):
                d["metrics"].setdefault(name, {"runs": [], "errors": []})[
                    "errors"].extend(err["errors"])
        for name in ("udp64", "pps64"):
            m = d["metrics"].get(name)
            if m and m["errors"]:
                d["metrics"].setdefault(name + "_cpu",
                                        {"runs": [], "errors": []})[
                    "errors"].extend(m["errors"])
    for dp, d in dps.items():
        for name, _, unit, better in METRICS:
            m = d["metrics"].get(name)
            if not m:
                continue
            m["unit"] = unit
            m["better"] = better
            s = stats([x.get("value") for x in m["runs"]])
            if s:
                m.update(s)
    for dp, d in dps.items():
        for name, *_ in METRICS:
            m = d["metrics"].get(name)
            if not m or "median" not in m:
                continue
            for ref in REFS:
                rm = dps.get(ref, {}).get("metrics", {}).get(name, {})
                m["ratio_" + ref.replace("-", "_")] = ratio(
                    m["median"], rm.get("median"))
    ctrl = {}
    for r in ctrl_runs:
        meth = r.get("method")
        c = ctrl.setdefault(meth, {"runs": [], "errors": []})
        if r.get("status") == "skipped":
            c["status"] = "skipped"
            c["reason"] = r.get("error")
            continue
        if r.get("error"):
            c["errors"].append(r["error"])
        c["runs"].append({k: v for k, v in r.items()
                          if k not in ("type", "method")})
    for meth, c in ctrl.items():
        ok = [x for x in c["runs"] if not x.get("error")]
        if c["runs"] and "status" not in c:
            c["status"] = "ok" if len(ok) == len(c["runs"]) else "errors"
        if ok:
            c["flows"] = ok[0].get("flows")
        for key, _, unit, better in CTRL_FIGURES:
            s = stats([x.get(key) for x in ok])
            if s:
                s["unit"] = unit
                s["better"] = better
                c[key] = s
    base = ctrl.get("tc-skip_hw", {}).get("flows_per_s", {}).get("median")
    for meth, c in ctrl.items():
        if "flows_per_s" in c:
            c["flows_per_s"]["ratio_tc_skip_hw"] = ratio(
                c["flows_per_s"]["median"], base)
    return dps, facts, phases, warnings, klog, ctrl


# ------------------------------------------------------------------ table

def table(dps, ctrl, ft, cg, facts, host, phases, warnings, klog, bad):
    out = []
    p = out.append
    reps = facts.get("bench_reps", "?")
    p("vxfp benchmark (make bench)")
    p("=" * 27)
    p(f"VM: {facts.get('kernel', '?')} under qemu TCG "
      f"({host.get('vm_accel', '?')}), {facts.get('cpus', '?')} vCPUs, "
      f"guest CPU \"{facts.get('cpu_model', '?')}\"")
    p(f"host: {host.get('cpu_model', '?')}, {host.get('cpus', '?')} CPUs, "
      f"{host.get('qemu', '?')}; git {host.get('git', '?')}, "
      f"{host.get('date', '?')}")
    if "load_mean" in host:
        others = host.get("other_vms_max", 0)
        p(f"host load while measuring: {host['load_mean']} mean, "
          f"{host['load_max']} max (load average); other VMs at once: "
          f"{others} at most" + (
              " -- NOT a quiet machine: the figures suffer" if others else
              ""))
    p(f"runs: {reps} x {facts.get('bench_time', '?')} s per figure; "
      "median [min - max]; xveth, xovs-k: median / median of veth, "
      "of ovs-kernel")
    p("")
    p("Datapaths")
    p("---------")
    for dp, d in dps.items():
        line = f"  {dp:<13} {d.get('status', '?')}"
        if d.get("reason"):
            line += f": {d['reason']}"
        p(line)
        ev = evidence(dp, d)
        if ev:
            p(f"  {'':<13} {ev}")
        for flow in d.get("ovs_not_offloaded", []):
            p(f"  {'':<13} not offloaded: {flow}")
    for w in warnings:
        p(f"  {w['dp']:<13} ovs-vswitchd: {w['line']}")
    p("")
    for name, what, unit, better in METRICS:
        p(f"{name}: {what}, {unit} ({better} is better)")
        p(f"  {'datapath':<13} {'median':>10} {'min':>10} {'max':>10} "
          f"{'n':>3} {'xveth':>7} {'xovs-k':>7}")
        for dp, d in dps.items():
            m = d["metrics"].get(name)
            if not m or "median" not in m:
                why = "; ".join(sorted(set(m["errors"])))[:70] if m and \
                    m.get("errors") else d.get("status", "not run")
                p(f"  {dp:<13} {'-':>10}   ({why})")
                continue
            p(f"  {dp:<13} {fmt(m['median'], unit):>10} "
              f"{fmt(m['min'], unit):>10} {fmt(m['max'], unit):>10} "
              f"{m['n']:>3} {fmt_ratio(m.get('ratio_veth')):>7} "
              f"{fmt_ratio(m.get('ratio_ovs_kernel')):>7}"
              + (f"  ({len(m['errors'])} failed)" if m["errors"] else ""))
        p("")
    p("Control plane (flows of one mask, VF 0 -> VF 1; median [min - max])")
    p("-------------")
    if not ctrl:
        p("  not run")
    for meth in CTRL_METHODS + [k for k in ctrl if k not in CTRL_METHODS]:
        c = ctrl.get(meth)
        if not c:
            continue
        if c.get("status") == "skipped" or "flows_per_s" not in c:
            p(f"  {meth:<11} {c.get('status', 'failed')}: "
              f"{c.get('reason') or '; '.join(c['errors'])[:200]}")
            continue
        r = c["flows_per_s"]
        p(f"  {meth:<11} {c.get('flows')} flows: "
          f"{fmt(r['median'])} flows/s [{fmt(r['min'])} - {fmt(r['max'])}]"
          f" (x{fmt_ratio(r.get('ratio_tc_skip_hw'))} tc-skip_hw), n={r['n']}")
        parts = []
        for key, label in (("first_half_per_s", "first half"),
                           ("second_half_per_s", "second half")):
            if key in c:
                parts.append(f"{label} {fmt(c[key]['median'])} flows/s")
        for key, label in (("mem_bytes_per_flow", "MemFree"),
                           ("avail_bytes_per_flow", "MemAvailable"),
                           ("slab_bytes_per_flow", "slab")):
            if key in c:
                parts.append(f"{label} {fmt(c[key]['median'])} B/flow "
                             f"[{fmt(c[key]['min'])} - {fmt(c[key]['max'])}]")
        p(f"  {'':<11} " + ", ".join(parts))
        parts = []
        for key, label in (("dump_s", "dump"), ("remove_s", "removal")):
            if key in c:
                parts.append(f"{label} {fmt(c[key]['median'])} s "
                             f"[{fmt(c[key]['min'])} - {fmt(c[key]['max'])}]")
        p(f"  {'':<11} " + ", ".join(parts))
        for e in sorted(set(c["errors"])):
            p(f"  {'':<11} error: {e[:200]}")
    p("")
    p("Fast-path lookup (tools/ftbench: the flow table in userspace, on "
      "the host; make bench-ft)")
    p("----------------")
    if not ft:
        p("  not run")
    else:
        irs = {(r["flows"], r["masks"], r["case"]): r["ir_per_lookup"]
               for r in cg}
        p(f"  {'flows':>8} {'masks':>5} {'case':<5} {'ns/lookup':>10} "
          f"{'Ir/lookup':>10}")
        for r in ft:
            ir = irs.get((r["flows"], r["masks"], r["case"]))
            p(f"  {r['flows']:>8} {r['masks']:>5} {r['case']:<5} "
              f"{r['ns_per_lookup']:>10.1f} {fmt(ir):>10}")
    p("")
    t = [f"{k} {v} s" for k, v in phases.items()]
    p("Time: " + ", ".join(t + [f"waited for the VM "
                                f"{host.get('waited_for_vm_s', '?')} s",
                                f"lookup {host.get('ftbench_s', '?')} s",
                                f"VM with boot {host.get('vm_s', '?')} s"]))
    for line in klog:
        p(f"kernel log: {line}")
    if bad:
        p(f"warning: {bad} garbled BENCH line(s) in the console log")
    return "\n".join(out) + "\n"


def evidence(dp, d):
    """Where the packets went during the runs, from the counters."""
    b, a = d.get("counters_before"), d.get("counters_after")
    parts = []
    if isinstance(b, dict) and isinstance(a, dict) and "fastpath" in a:
        fb, fa = b.get("fastpath") or {}, a.get("fastpath") or {}
        for k in ("hits", "misses", "encap", "decap", "slow_path"):
            if k in fa and k in fb:
                parts.append(f"{k} +{fa[k] - fb[k]}")
        for k in ("rep_rx", "rep_tx", "pf_rx"):
            if isinstance(a.get(k), int) and isinstance(b.get(k), int):
                parts.append(f"{k} +{a[k] - b[k]}")
        drops = fa.get("drops") or {}
        dsum = sum(v for v in drops.values() if isinstance(v, int)) - sum(
            v for v in (fb.get("drops") or {}).values() if isinstance(v, int))
        parts.append(f"drops +{dsum}")
    ovs = d.get("ovs")
    if isinstance(ovs, dict):
        parts.append(f"OVS flows {ovs.get('flows')}: dp:ovs "
                     f"{ovs.get('dp_ovs')}, dp:tc {ovs.get('dp_tc')}, "
                     f"offloaded {ovs.get('offloaded')}, log warnings "
                     f"{ovs.get('warnings')}")
    return ("during the runs: " + ", ".join(parts)) if parts else ""


# ------------------------------------------------------------------ charts

def gp_str(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def bar_chart(outdir, name, title, ylabel, rows, labels=True):
    """rows: (label, median, min, max, note1, note2)"""
    if not rows:
        return None
    dat = os.path.join(outdir, name + ".dat")
    with open(dat, "w") as f:
        for r in rows:
            f.write(" ".join([gp_str(r[0])] + [repr(float(x)) for x in r[1:4]]
                             + [gp_str(r[4]), gp_str(r[5])]) + "\n")
    ymax = max(max(r[1], r[3]) for r in rows) or 1
    plot = (f"plot {gp_str(dat)} using 2:3:4:xtic(1) notitle "
            "lc rgb '#4472c4'")
    if labels:
        plot += (f", '' using 0:4:5 with labels offset 0,1.6 font ',8' "
                 "notitle, '' using 0:4:6 with labels offset 0,0.7 "
                 "font ',8' notitle")
    gp = f"""set terminal pngcairo size 960,540 font ',10'
set output {gp_str(os.path.join(outdir, name + '.png'))}
set title {gp_str(title)} noenhanced
set ylabel {gp_str(ylabel)} noenhanced
set style data histogram
set style histogram errorbars gap 2 lw 1.5
set style fill solid 0.75 border -1
set boxwidth 0.8
set xtics noenhanced
set grid ytics
set key off
set yrange [0:{ymax * 1.25!r}]
{plot}
"""
    return gp


def line_chart(outdir, name, title, xlabel, series, logx):
    """series: (title, axis(1|2), [(x, y)])"""
    series = [s for s in series if s[2]]
    if not series:
        return None
    plots = []
    for i, (t, axis, pts) in enumerate(series):
        dat = os.path.join(outdir, f"{name}.{i}.dat")
        with open(dat, "w") as f:
            for x, y in pts:
                f.write(f"{x} {y}\n")
        plots.append(f"{gp_str(dat)} using 1:2 axes x1y{axis} with "
                     f"linespoints lw 2 title {gp_str(t)}")
    y2 = any(s[1] == 2 for s in series)
    gp = f"""set terminal pngcairo size 960,540 font ',10'
set output {gp_str(os.path.join(outdir, name + '.png'))}
set title {gp_str(title)} noenhanced
set xlabel {gp_str(xlabel)}
set ylabel "ns per lookup (this host)"
{"set y2label 'instructions per lookup (callgrind)'" if y2 else ""}
{"set y2tics" if y2 else ""}
{"set logscale x" if logx else ""}
set logscale y
{"set logscale y2" if y2 else ""}
set ytics nomirror
set grid
set key top left
plot {", ".join(plots)}
"""
    return gp


def charts(outdir, dps, ctrl, ft, cg):
    scripts = {}
    for name, what, unit, better in METRICS:
        rows = []
        for dp, d in dps.items():
            m = d["metrics"].get(name)
            if not m or "median" not in m:
                continue
            rv, rk = m.get("ratio_veth"), m.get("ratio_ovs_kernel")
            rows.append((dp, m["median"], m["min"], m["max"],
                         "" if rv is None else f"x{rv:.2f} veth",
                         "" if rk is None else f"x{rk:.2f} ovs-k"))
        gp = bar_chart(outdir, name, f"{what} ({better} is better); "
                       "median of the runs, min-max bars", unit, rows)
        if gp:
            scripts[name] = gp
    for key, what, unit, better in CTRL_FIGURES:
        rows = []
        for meth in CTRL_METHODS:
            c = ctrl.get(meth, {})
            s = c.get(key)
            if s:
                rows.append((meth, s["median"], s["min"], s["max"],
                             "", f"{fmt(s['median'])}"))
        gp = bar_chart(outdir, "ctrl_" + key,
                       f"control plane: {what}; {ctrl_flows(ctrl)} "
                       f"({better} is better)", unit, rows)
        if gp:
            scripts["ctrl_" + key] = gp
    if ft:
        irs = {(r["flows"], r["masks"], r["case"]): r["ir_per_lookup"]
               for r in cg}
        for name, fixed, var, xlabel, logx in (
                ("lookup_flows", "masks", "flows", "flows (1 mask)", True),
                ("lookup_masks", "flows", "masks", "masks (10000 flows)",
                 True)):
            sel = [r for r in ft if (r["masks"] == 1 if fixed == "masks"
                                     else r["flows"] == 10000)]
            series = []
            for case in ("hit", "miss"):
                pts = sorted({(r[var], r["ns_per_lookup"]) for r in sel
                              if r["case"] == case})
                series.append((f"{case}: ns", 1, pts))
                pts = sorted({(r[var], irs[(r["flows"], r["masks"], case)])
                              for r in sel if r["case"] == case and
                              (r["flows"], r["masks"], case) in irs})
                series.append((f"{case}: instructions", 2, pts))
            gp = line_chart(outdir, name, "fast-path lookup cost vs "
                            f"{var} (tools/ftbench)", xlabel, series, logx)
            if gp:
                scripts[name] = gp
    made = []
    gnuplot = shutil.which("gnuplot")
    for name, gp in scripts.items():
        path = os.path.join(outdir, name + ".gp")
        with open(path, "w") as f:
            f.write(gp)
        if not gnuplot:
            continue
        r = subprocess.run([gnuplot, path], capture_output=True, text=True,
                           timeout=60)
        if r.returncode == 0:
            made.append(name + ".png")
        else:
            print(f"report: gnuplot {name}: {r.stderr.strip()[:300]}",
                  file=sys.stderr)
    if not gnuplot:
        print("report: no gnuplot (apt-get install gnuplot-nox): no charts",
              file=sys.stderr)
    return made


def ctrl_flows(ctrl):
    return ", ".join(f"{m} {c['flows']} flows" for m, c in ctrl.items()
                     if c.get("flows"))


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--datapaths", default="")
    args = ap.parse_args()
    outdir = args.dir
    wanted = args.datapaths.replace(",", " ").split() or DATAPATHS
    if wanted == ["none"]:
        wanted = []
    recs, bad = read_records(os.path.join(outdir, "console.log"))
    dps, facts, phases, warnings, klog, ctrl = build(recs, wanted)
    ft = load_json(os.path.join(outdir, "ftbench.json"), [])
    cg = read_callgrind(os.path.join(outdir, "callgrind.txt"))
    host = load_json(os.path.join(outdir, "host.json"), {})
    made = charts(outdir, dps, ctrl, ft, cg)
    text = table(dps, ctrl, ft, cg, facts, host, phases, warnings, klog,
                 bad)
    doc = {
        "version": 1,
        "host": host,
        "vm": facts,
        "phases_s": phases,
        "metrics": {n: {"what": w, "unit": u, "better": b}
                    for n, w, u, b in METRICS},
        "datapaths": dps,
        "control_plane": ctrl,
        "fast_path_lookup": {
            "source": "tools/ftbench on the host (make bench-ft; "
                      "callgrind: tools/ftbench/cg_report.sh)",
            "ns_per_lookup": ft, "ir_per_lookup": cg},
        "ovs_warnings": warnings,
        "kernel_log": klog,
        "charts": made,
    }
    with open(os.path.join(outdir, "bench.json"), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    with open(os.path.join(outdir, "bench.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    print(f"report: {os.path.join(outdir, 'bench.json')}, "
          f"{len(made)} charts in {outdir}")
    # all asked for measured (or skipped for a reason)?
    failed = [dp for dp in wanted if dps.get(dp, {}).get("status")
              not in ("ok", "skipped")]
    if failed:
        print(f"report: not measured: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
