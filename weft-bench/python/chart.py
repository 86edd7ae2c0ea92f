#!/usr/bin/env python3
"""Draws a benchmark suite's side-by-side table as an SVG bar chart, with the Python stdlib only.

Usage: python3 chart.py SUITE RESULTS_DIR [OUT.svg]
       python3 chart.py --list      (the suites it can draw)

RESULTS_DIR is one run of weft-bench/scripts/bench (the files its suites write); OUT.svg defaults
to docs/charts/SUITE.svg in the repository. `./weft bench SUITE --chart[=DIR]` calls this after the
suite has run. Each suite registers an extractor in EXTRACTORS that turns its raw results into a
Chart: the same figures as the suite's printed table, one panel per table row (a benchmark), one
bar per implementation. Each panel has its own scale, since rows differ by orders of magnitude;
the first bar of a panel is weft's default and every other bar carries the ratio against it.
"""
import math
import os
import sys
import textwrap
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (shared readers: read_json, jmh_scores, python_runs, GEN_OPS)


# --- the model ------------------------------------------------------------------------------------

class Group:
    """One panel: a benchmark (a table row) with one bar per implementation.

    bars is a list of (series name, value or None); None draws 'not measured'. unit labels the
    values (e.g. 'ns', 'round trips/s')."""

    def __init__(self, label, unit, bars):
        self.label, self.unit, self.bars = label, unit, list(bars)


class Chart:
    """A titled set of panels; better is 'lower' or 'higher' (which way is faster)."""

    def __init__(self, title, better, groups, notes=()):
        if better not in ("lower", "higher"):
            raise ValueError("better must be 'lower' or 'higher', not %r" % (better,))
        self.title, self.better, self.groups, self.notes = title, better, list(groups), list(notes)


def advantage(chart, reference, value):
    """How many times faster (or smaller) the reference bar is than value: above 1, weft wins."""
    if reference is None or value is None or reference <= 0 or value <= 0:
        return None
    return reference / value if chart.better == "higher" else value / reference


def fmt_value(x):
    if x is None:
        return "not measured"
    if x >= 10000:
        return "{:,.0f}".format(x)
    if x >= 100:
        return "{:.0f}".format(x)
    return "{:.1f}".format(x)


# --- the drawing ----------------------------------------------------------------------------------

WIDTH = 860
LABEL_W = 250      # the series names, left of the bars
BAR_MAX = 340      # the longest bar of a panel
BAR_H = 16
BAR_GAP = 5
PANEL_HEAD = 26
PANEL_GAP = 14
NOTE_CHARS = 135   # the notes under the panels wrap at this many characters
LOG_SPREAD = 10    # a panel whose largest value is this many times its smallest is drawn on a log scale
# weft's series in blues, then one colour per other implementation, in order of appearance.
WEFT_COLOURS = ["#1f5fa8", "#4a8fd4", "#86b8e8", "#b9d6f2"]
OTHER_COLOURS = ["#e07b24", "#3a9a4a", "#8e5bb5", "#7f7f7f", "#c0392b", "#b8a100", "#2aa3a3"]


def is_weft(series):
    return series.lower().startswith("weft")


def series_colours(chart):
    """A colour per series name, stable across panels."""
    colours, weft, other = {}, iter(WEFT_COLOURS * 4), iter(OTHER_COLOURS * 4)
    for g in chart.groups:
        for name, _ in g.bars:
            if name not in colours:
                colours[name] = next(weft) if is_weft(name) else next(other)
    return colours


def bar_widths(values):
    """The bar widths for a panel's values (None: no bar) and whether the scale is logarithmic:
    linear from 0 to the largest value, or, when the values span LOG_SPREAD times or more (weft's
    hand-off backend beside the others), logarithmic, the smallest bar a tenth of the longest."""
    measured = [v for v in values if v is not None and v > 0]
    if not measured:
        return [None if v is None else 1.0 for v in values], False
    lo, top = min(measured), max(measured)
    if top / lo < LOG_SPREAD:
        return [None if v is None else max(1.0, BAR_MAX * v / top) for v in values], False
    span = math.log10(top / lo)
    return [None if v is None else max(1.0, BAR_MAX * (0.1 + 0.9 * math.log10(max(v, lo) / lo) / span))
            for v in values], True


def render_svg(chart):
    """The chart as an SVG document (a str). Raises ValueError when there is nothing to draw."""
    if not any(v is not None for g in chart.groups for _, v in g.bars):
        raise ValueError("nothing to chart for %r: every value is missing (did the suite run?)" % chart.title)
    colours = series_colours(chart)
    body, y = [], 58
    for g in chart.groups:
        widths, log = bar_widths([v for _, v in g.bars])
        ref = g.bars[0][1] if g.bars else None
        body.append('<text x="12" y="%d" class="panel">%s <tspan class="unit">(%s, %s is better%s)</tspan></text>'
                    % (y + 16, escape(g.label), escape(g.unit), chart.better, ", log scale" if log else ""))
        y += PANEL_HEAD
        for i, ((name, value), w) in enumerate(zip(g.bars, widths)):
            body.append('<text x="%d" y="%d" class="series" text-anchor="end">%s</text>'
                        % (LABEL_W - 8, y + BAR_H - 4, escape(name)))
            if value is None:
                body.append('<text x="%d" y="%d" class="missing">not measured</text>' % (LABEL_W + 4, y + BAR_H - 4))
            else:
                label = "%s %s" % (fmt_value(value), g.unit)
                # the ratio compares weft's default with the others, not weft's own variants
                adv = advantage(chart, ref, value) if i > 0 and not is_weft(name) else None
                ratio = " \u00b7 weft %.2fx" % adv if adv is not None else ""
                body.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %s%s</title></rect>'
                            % (LABEL_W, y, w, BAR_H, colours[name], escape(name), escape(label), escape(ratio)))
                body.append('<text x="%.1f" y="%d" class="value">%s<tspan class="ratio">%s</tspan></text>'
                            % (LABEL_W + w + 6, y + BAR_H - 4, escape(label), escape(ratio)))
            y += BAR_H + BAR_GAP
        y += PANEL_GAP
    notes = ["%s is better; each panel has its own scale (logarithmic where it says so). 'weft N x': how many times faster (or smaller) "
             "weft's first bar is than that bar; above 1, weft wins." % chart.better.capitalize()] + chart.notes
    for line in (part for n in notes for part in textwrap.wrap(n, NOTE_CHARS)):
        body.append('<text x="12" y="%d" class="note">%s</text>' % (y + 4, escape(line)))
        y += 16
    height = y + 10
    head = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
            'font-family="DejaVu Sans, Verdana, sans-serif" role="img" aria-label="%s">'
            % (WIDTH, height, WIDTH, height, escape(chart.title, {'"': "&quot;"})),
            '<style>.title{font-size:17px;font-weight:bold}.panel{font-size:13px;font-weight:bold}'
            '.unit{font-weight:normal;fill:#555}.series,.value{font-size:11.5px}'
            '.missing{font-size:11.5px;fill:#999;font-style:italic}.note{font-size:10.5px;fill:#555}.ratio{fill:#555}</style>',
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            '<text x="12" y="26" class="title">%s</text>' % escape(chart.title),
            '<line x1="12" y1="40" x2="%d" y2="40" stroke="#cccccc"/>' % (WIDTH - 12)]
    return "\n".join(head + body + ["</svg>"]) + "\n"


# --- reading a suite's results --------------------------------------------------------------------

def read_tsv(path):
    """The tab-separated rows of a file, [] when it is missing."""
    try:
        with open(path) as f:
            return [line.rstrip("\n").split("\t") for line in f if line.strip()]
    except OSError:
        return []


def best_of(rows, key, value, higher):
    """{key(row): the best value(row)} over rows (rounds of the same measurement)."""
    out = {}
    for r in rows:
        k, v = key(r), value(r)
        if v is None:
            continue
        if k not in out or (v > out[k] if higher else v < out[k]):
            out[k] = v
    return out


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def ordered(seq):
    """The items of seq in order of first appearance, without repeats."""
    return list(dict.fromkeys(seq))


def load_impl_table(results, name, higher, first="weft"):
    """From a TSV of (load, value, implementation) rows, one a round: ({(load, impl): best value},
    the loads in order, the implementations with `first`, then other weft ones, leading)."""
    rows = read_tsv(os.path.join(results, name))
    best = best_of(rows, lambda r: (r[0], r[2]), lambda r: num(r[1]), higher)
    impls = sorted(ordered(r[2] for r in rows), key=lambda s: (not s.startswith(first), not s.startswith("weft")))
    return best, ordered(r[0] for r in rows), impls


def chart_aio(results):
    weft = {}
    for be in ("loop", "continuation", "handoff"):
        for r in read_tsv(os.path.join(results, "aio-weft-%s.tsv" % be)):
            weft[(r[0], be)] = num(r[1])
    py_rows = read_tsv(os.path.join(results, "aio-python.tsv"))
    py = best_of(py_rows, lambda r: (r[0], r[2]), lambda r: num(r[1]), higher=False)
    versions = " and ".join(ordered(r[3] for r in py_rows if len(r) > 3))
    rows = ordered([k[0] for k in weft] + [k[0] for k in py])
    groups = []
    for b in rows:
        bars = [("weft, %s tasks" % name, weft.get((b, be)))
                for be, name in (("loop", "loop"), ("continuation", "continuation"), ("handoff", "hand-off"))]
        for flavour in ("asyncio", "uvloop"):
            if any(k[1] == flavour for k in py):
                bars.append(("CPython %s" % flavour, py.get((b, flavour))))
        groups.append(Group(b.replace("_", " "), "B per task" if b == "task_bytes" else "ns", bars))
    return Chart("weft's event loop vs CPython asyncio and uvloop (./weft bench aio)", "lower", groups,
                 ["CPython: the faster of %s per row; uvloop as installed (Debian's 0.17 works)." % (versions or "-")])


def chart_net(results):
    rate, loads, impls = load_impl_table(results, "net-results.tsv", True, first="weft-loop")
    names = {"weft-loop": "weft, loop tasks (default)", "weft-continuation": "weft, continuation tasks",
             "weft-handoff": "weft, hand-off tasks", "vthreads": "JDK virtual threads, blocking"}
    groups = []
    for load in loads:
        conns, trips = (load.split("_", 1)[1].split("x") + ["?"])[:2] if "_" in load else (load, "?")
        label = "echo, %s connection%s x %s round trips of 64 B" % (
            conns, "" if conns == "1" else "s", "{:,}".format(int(trips)).replace(",", " ") if trips.isdigit() else trips)
        groups.append(Group(label, "round trips/s",
                            [(names.get(i, i.replace("-", " ")), rate.get((load, i))) for i in impls]))
    return Chart("Loopback echo: weft streams vs asyncio, uvloop, gevent, JDK (./weft bench net)",
                 "higher", groups, ["Best of the rounds of one run; server and client in one process each."])


def chart_gen(results):
    jmh = report.jmh_scores(os.path.join(results, "gen-jmh.json"))
    woven = report.jmh_scores(os.path.join(results, "gen-jmh-woven.json"))
    pys = report.python_runs(results, "gen")
    mem = {b: report.read_json(os.path.join(results, "gen-mem-%s.json" % b)) or {}
           for b in ("woven", "continuation", "handoff")}

    def fastest(get):
        vals = [(get(p), p["label"]) for p in pys if get(p) is not None]
        return min(vals) if vals else (None, "")

    groups = []
    for op, title in report.GEN_OPS:
        bars = [("weft woven", woven.get(("GeneratorContinuationBench", op))),
                ("weft continuation", jmh.get(("GeneratorContinuationBench", op))),
                ("weft hand-off", jmh.get(("GeneratorHandoffBench", op)))]
        if ("KotlinSequenceBench", op) in jmh:  # Kotlin's column has only next and create+finish
            bars.append(("Kotlin sequence", jmh[("KotlinSequenceBench", op)]))
        groups.append(Group(title, "ns", bars + [("CPython", fastest(lambda p: p["ops"].get(op, {}).get("ns"))[0])]))
    groups.append(Group("heap per suspended generator", "B", [
        ("weft woven", mem["woven"].get("bytesPerGenerator")),
        ("weft continuation", mem["continuation"].get("bytesPerGenerator")),
        ("weft hand-off", mem["handoff"].get("bytesPerGenerator")),
        ("CPython", fastest(lambda p: p["memory"].get("bytesPerGenerator"))[0])]))
    versions = " and ".join(p["label"] for p in pys) or "-"
    return Chart("Generators: weft vs Kotlin's sequence and CPython (./weft bench gen)", "lower", groups,
                 ["weft and Kotlin: JMH means; CPython: best of its repeats, the faster of %s per row." % versions])


def chart_green(results):
    def scores(backend):
        return {k[1]: v for k, v in report.jmh_scores(os.path.join(results, "green-jmh-%s.json" % backend)).items()}
    cont, hand = scores("continuation"), scores("handoff")
    py = report.read_json(os.path.join(results, "green-python.json")) or {}
    pyname = "CPython %s greenlet %s" % (py.get("python", ""), py.get("greenlet", ""))
    rows = [("switch pair, greenlet <-> greenlet", "greenletPair", "switch_pair_ns"),
            ("switch pair, main <-> greenlet", "mainPair", "main_switch_pair_ns"),
            ("reference: generator send + yield", "generatorSendReference", "gen_send_ns")]
    groups = [Group(label, "ns", [("weft continuation", cont.get(j)), ("weft hand-off", hand.get(j)),
                                  (pyname.strip(), py.get(p))]) for label, j, p in rows]
    return Chart("Greenlet switches: weft vs CPython greenlet (./weft bench green)", "lower", groups,
                 ["weft: JMH means; CPython: best of 7 repeats."])


def _pipe_rates(path, prefix_is_python):
    """[(variant, pipeline, lines/s)] from pipe-weft.txt or pipe-python.txt."""
    out = []
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError:
        return out
    for line in lines:
        f = line.split()
        if len(f) < 3 or "lines_per_s=" not in line:
            continue
        rate = num(line.rsplit("lines_per_s=", 1)[1].split()[0])
        if prefix_is_python:  # python VERSION@EXE NAME ...
            out.append(("CPython " + f[1].split("@")[0], f[2], rate))
        else:                 # pipe|pipe-woven|pipe-parallelgc NAME ...
            out.append((f[0], f[1], rate))
    return out


def chart_pipe(results):
    weft = _pipe_rates(os.path.join(results, "pipe-weft.txt"), False)
    py = _pipe_rates(os.path.join(results, "pipe-python.txt"), True)
    w = {(v, p): r for v, p, r in weft}
    bpy = best_of(py, lambda t: t[1], lambda t: t[2], higher=True)
    labels = {"grep": "read -> grep -> count", "broadcast3": "read -> broadcast(3 x grep -> count)",
              "grepcoro": "read -> grep -> user coroutine count"}
    groups = []
    for p in ordered(p for _, p, _ in weft):
        q = "grep" if p == "grepcoro" else p   # CPython counts with a coroutine in both
        groups.append(Group(labels.get(p, p), "lines/s", [
            ("weft", w.get(("pipe", p))), ("weft woven", w.get(("pipe-woven", p))),
            ("weft, ParallelGC", w.get(("pipe-parallelgc", p))), ("CPython (faster)", bpy.get(q))]))
    return Chart("Pipelines over a 1 000 000-line log: weft vs CPython (./weft bench pipe)", "higher", groups)


def chart_cores(results):
    rows = read_tsv(os.path.join(results, "cores-results.tsv"))
    rate = best_of(rows, lambda r: (r[0], r[1], r[2]), lambda r: num(r[3]), higher=True)
    impls = ordered(r[1] for r in rows)
    ns = sorted(ordered(r[2] for r in rows), key=lambda n: int(n) if n.isdigit() else 0)
    groups = []
    for load in ordered(r[0] for r in rows):
        bars = []
        for n in reversed(ns):
            for i in impls:
                what = ("loop" if i == "weft" else "process") if n == "1" else ("loops" if i == "weft" else "processes")
                bars.append(("%s, %s %s" % (i, n, what), rate.get((load, i, n))))
        groups.append(Group(load.replace("_", " "), "requests/s", bars))
    return Chart("A loop per core: LoopGroup vs asyncio and uvloop processes (./weft bench cores)", "higher", groups,
                 ["On a 2-core machine the load generator competes with the servers for the cores."])


def chart_fetch(results):
    secs, loads, impls = load_impl_table(results, "fetch-results.tsv", False)
    groups = [Group(load, "s", [(i, secs.get((load, i))) for i in impls]) for load in loads]
    return Chart("Downloads from a local HTTP server: ./weft fetch vs Python (./weft bench fetch)", "lower", groups,
                 ["Seconds from process start to exit (start-up included), best of the rounds; "
                  "the start-up panel is one request of 1 byte."])


EXTRACTORS = {"aio": chart_aio, "net": chart_net, "gen": chart_gen, "green": chart_green,
              "pipe": chart_pipe, "cores": chart_cores, "fetch": chart_fetch}


def main(argv):
    if argv[1:] == ["--list"]:  # the suites with a chart, one a line (for scripts/bench)
        print("\n".join(sorted(EXTRACTORS)))
        return 0
    if len(argv) not in (3, 4) or argv[1] not in EXTRACTORS:
        sys.stderr.write("usage: chart.py {%s} RESULTS_DIR [OUT.svg]\n" % ",".join(sorted(EXTRACTORS)))
        return 2
    suite, results = argv[1], argv[2]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = argv[3] if len(argv) == 4 else os.path.join(root, "docs", "charts", suite + ".svg")
    if not os.path.isdir(results):
        sys.stderr.write("chart.py: %s is not a results directory; run ./weft bench %s first\n" % (results, suite))
        return 1
    try:
        svg = render_svg(EXTRACTORS[suite](results))
    except ValueError as e:
        sys.stderr.write("chart.py: %s; the results are in %s\n" % (e, results))
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(svg)
    sys.stderr.write("chart.py: wrote %s\n" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
