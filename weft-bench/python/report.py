#!/usr/bin/env python3
"""Prints a benchmark suite's side-by-side table (weft on both strand backends vs CPython).

Usage: python3 report.py SUITE RESULTS_DIR

RESULTS_DIR is one run of weft-bench/scripts/bench: JMH JSON (<suite>-jmh.json), the suite's
other JSON files, jdk.txt and quick.txt. Each suite registers a function in REPORTS; the shared
helpers (header, jmh_scores, python_runs, table, check) are meant for every suite.
"""
import datetime
import glob
import json
import os
import sys


# --- shared helpers -------------------------------------------------------------------------------

def read_text(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def jmh_scores(path, errors=None, best=None):
    """{(class simple name, method): mean ns/op} from a JMH JSON result file; fills errors (the
    99.9 % confidence half-width) and best (the fastest measured iteration) the same way if given."""
    scores = {}
    for r in read_json(path) or []:
        cls, method = r["benchmark"].rsplit(".", 1)
        key = (cls.rsplit(".", 1)[-1], method)
        m = r["primaryMetric"]
        scores[key] = m["score"]
        if errors is not None:
            err = m.get("scoreError")
            errors[key] = err if isinstance(err, (int, float)) and err == err else None
        if best is not None:
            its = [x for fork in m.get("rawData") or [] for x in fork]
            best[key] = min(its) if its else m["score"]
    return scores


def fmt_err(x, err):
    """A JMH score with its error, e.g. '110.2 ±3.1'."""
    if x is None:
        return "-"
    return fmt(x) if err is None else "%s ±%s" % (fmt(x), fmt(err))


def python_runs(results, suite):
    """The CPython result files of a suite, each labelled by its version (made unique)."""
    runs = []
    for path in sorted(glob.glob(os.path.join(results, suite + "-python-*.json"))):
        data = read_json(path)
        if data:
            runs.append(data)
    labels = {}
    for r in runs:
        label = "py" + r["python"]
        if label in labels.values():
            label += "-" + str(len(runs))
        labels[r["executable"]] = label
        r["label"] = label
    return runs


def header(results, title):
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [title,
             "date:   " + datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
             "nproc:  %s" % nproc,
             "JDK:    " + read_text(os.path.join(results, "jdk.txt"), "unknown")]
    if read_text(os.path.join(results, "quick.txt")) == "1":
        lines.append("mode:   QUICK smoke run (WEFT_BENCH_QUICK=1): short iterations, noisy numbers")
    return lines


def fmt(x, digits=1):
    if x is None:
        return "-"
    if x >= 1000:
        return "{:,.0f}".format(x)
    return "{:.{d}f}".format(x, d=digits)


def table(head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    def line(r):
        return "| " + " | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                 for i, (c, w) in enumerate(zip(r, widths))) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return [line(head), sep] + [line(r) for r in rows]


def check(name, value, limit, unit=""):
    if value is None:
        return "%-52s %s (target <= %s%s): not measured" % (name, "-", limit, unit)
    met = "met" if value <= limit else "NOT met"
    return "%-52s %s%s (target <= %s%s): %s" % (name, fmt(value, 2), unit, limit, unit, met)


def check_at_least(name, value, limit, unit=""):
    if value is None:
        return "%-52s %s (target >= %s%s): not measured" % (name, "-", limit, unit)
    met = "met" if value >= limit else "NOT met"
    return "%-52s %s%s (target >= %s%s): %s" % (name, fmt(value, 2), unit, limit, unit, met)


def ratio(a, b):
    return a / b if a is not None and b else None


# --- gen ------------------------------------------------------------------------------------------

GEN_OPS = [
    ("next", "next() on an endless generator"),
    ("send", "send(v) to an echo loop"),
    ("yieldFrom1", "send(v) through yieldFrom, 1 deep"),
    ("yieldFrom10", "send(v) through yieldFrom, 10 deep"),
    ("createAndFinish", "create + run to end (yields once)"),
]


def report_gen(results):
    errs, best_it = {}, {}
    jmh = jmh_scores(os.path.join(results, "gen-jmh.json"), errs, best_it)
    werrs, wbest = {}, {}
    woven = jmh_scores(os.path.join(results, "gen-jmh-woven.json"), werrs, wbest) or {}
    mem = {b: read_json(os.path.join(results, "gen-mem-%s.json" % b)) for b in ("continuation", "handoff", "woven")}
    pys = python_runs(results, "gen")
    out = header(results, "weft generators vs CPython (ns per operation, lower is better)")
    for p in pys:
        out.append("Python: %s %s at %s" % (p["label"], p["implementation"], p["executable"]))
    if not pys:
        out.append("Python: none found (looked for python3 on PATH and /usr/bin/python3)")
    out.append("")

    def fastest(get):
        best = None
        for p in pys:
            v = get(p)
            if v is not None and (best is None or v < best[0]):
                best = (v, p["label"])
        return best

    rows = []
    for op, title in GEN_OPS:
        key = ("GeneratorContinuationBench", op)
        hkey = ("GeneratorHandoffBench", op)
        best = fastest(lambda p: p["ops"].get(op, {}).get("ns"))
        rows.append([title, fmt_err(woven.get(key), werrs.get(key)), fmt(wbest.get(key)),
                     fmt_err(jmh.get(key), errs.get(key)), fmt(best_it.get(key)),
                     fmt_err(jmh.get(hkey), errs.get(hkey)),
                     "%s (%s)" % (fmt(best[0]), best[1]) if best else "-",
                     fmt(ratio(best[0], wbest.get(key)), 2) if best else "-",
                     fmt(ratio(best[0], best_it.get(key)), 2) if best else "-"])
    rkey = ("RawContinuationBench", "runYield")
    raw = jmh.get(rkey)
    rows.append(["raw Continuation run+yield (floor)", "-", "", fmt_err(raw, errs.get(rkey)), fmt(best_it.get(rkey)),
                 "-", "-", "-", "-"])
    mw = (mem["woven"] or {}).get("bytesPerGenerator")
    mc = (mem["continuation"] or {}).get("bytesPerGenerator")
    mh = (mem["handoff"] or {}).get("bytesPerGenerator")
    bestm = fastest(lambda p: p["memory"].get("bytesPerGenerator"))
    rows.append(["bytes per suspended generator", fmt(mw, 0), "", fmt(mc, 0), "", fmt(mh, 0),
                 "%s (%s)" % (fmt(bestm[0], 0), bestm[1]) if bestm else "-",
                 fmt(ratio(bestm[0], mw), 2) if bestm else "-",
                 fmt(ratio(bestm[0], mc), 2) if bestm else "-"])
    out += table(["operation", "weft woven ns", "(best it.)", "weft continuation ns", "(best it.)",
                  "weft hand-off ns", "CPython ns (faster)", "CPython/woven", "CPython/cont."], rows)
    out.append("weft: JMH mean ± its 99.9 % error, and the fastest 1 s iteration; CPython: best of 7 repeats.")
    out.append("The ratio compares best with best, which load from other processes distorts least; above 1 "
               "means weft is faster (or smaller: the bytes row is in bytes).")

    if len(pys) > 1:
        out.append("")
        out.append("every CPython (ns; last row bytes):")
        rows = [[title] + [fmt(p["ops"].get(op, {}).get("ns")) for p in pys] for op, title in GEN_OPS]
        rows.append(["bytes per suspended generator"] + [fmt(p["memory"].get("bytesPerGenerator"), 0) for p in pys])
        out += table(["operation"] + [p["label"] for p in pys], rows)

    counts = ", ".join("%s: %s generators" % (b, (m or {}).get("count", "-")) for b, m in mem.items())
    paired = read_json(os.path.join(results, "gen-ratios.json")) or {}
    jc = lambda op: jmh.get(("GeneratorContinuationBench", op))
    jh = lambda op: jmh.get(("GeneratorHandoffBench", op))

    def speed_check(name, key, mean_ratio, limit):
        p = paired.get(key)
        if p:
            line = check(name, p["median"], limit, "x")
            return line + "   [paired CPU-time median, IQR %.2f-%.2f; JMH means give %sx]" % (
                p["p25"], p["p75"], fmt(mean_ratio, 2))
        return check(name, mean_ratio, limit, "x") + "   [JMH means; no paired probe]"

    wv = lambda op: wbest.get(("GeneratorContinuationBench", op))
    best_py = lambda op: fastest(lambda p: p["ops"].get(op, {}).get("ns"))
    out += ["", "targets (woven, issue 8; best iteration against the faster CPython):",
            check_at_least("woven next: CPython / woven", ratio((best_py("next") or [None])[0], wv("next")), 5, "x"),
            check_at_least("woven send: CPython / woven", ratio((best_py("send") or [None])[0], wv("send")), 5, "x"),
            check_at_least("woven create+finish: CPython / woven", ratio((best_py("createAndFinish") or [None])[0],
                                                                wv("createAndFinish")), 1, "x"),
            "woven bytes per suspended generator: %s (CPython: %s)" % (fmt(mw, 0), fmt(bestm[0], 0) if bestm else "-")]
    out += ["", "targets (continuation backend):",
            speed_check("send / raw Continuation run+yield", "sendOverRaw", ratio(jc("send"), raw), 1.25),
            speed_check("yieldFrom 10 deep / 1 deep", "chain10OverChain1",
                        ratio(jc("yieldFrom10"), jc("yieldFrom1")), 1.5),
            check("bytes per suspended shallow generator", mc, 1024),
            "(paired probe, thread CPU ns per op: send %s, raw run+yield %s, 1 deep %s, 10 deep %s)" % (
                fmt((paired.get("sendOverRaw") or {}).get("sendNs")),
                fmt((paired.get("sendOverRaw") or {}).get("rawNs")),
                fmt((paired.get("chain10OverChain1") or {}).get("chain1Ns")),
                fmt((paired.get("chain10OverChain1") or {}).get("chain10Ns"))),
            "(speed targets are judged by GenRatios: both operations timed in alternating blocks on one thread "
            "by CPU time, so other load on the machine cancels out; memory probe: %s; CPython bytes by "
            "tracemalloc; hand-off 10 deep / 1 deep by JMH means: %sx)" % (
                counts, fmt(ratio(jh("yieldFrom10"), jh("yieldFrom1")), 2))]
    return out


REPORTS = {"gen": report_gen}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in REPORTS:
        sys.exit("usage: report.py {%s} RESULTS_DIR" % ",".join(sorted(REPORTS)))
    print("\n".join(REPORTS[sys.argv[1]](sys.argv[2])))


if __name__ == "__main__":
    main()
