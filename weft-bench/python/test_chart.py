"""Tests for chart.py: run by weft-bench's Maven test phase (scripts/python-tests), or by hand with
python3 -m unittest discover -s weft-bench/python -p 'test_*.py'."""
import contextlib
import io
import json
import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

import chart

SVG = "{http://www.w3.org/2000/svg}"


def bars(svg):
    """{series name: bar width} of the first panel that has each series, from the rects' titles."""
    out = {}
    for r in ET.fromstring(svg).iter(SVG + "rect"):
        t = r.find(SVG + "title")
        if t is not None:
            out.setdefault(t.text.split(":")[0], float(r.get("width")))
    return out


def texts(svg):
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(SVG + "text")]


class ResultsDir:
    """A temporary results directory with the files a suite would have written."""

    def __init__(self, files):
        self.tmp = tempfile.TemporaryDirectory()
        for name, content in files.items():
            with open(os.path.join(self.tmp.name, name), "w") as f:
                f.write(content if isinstance(content, str) else json.dumps(content))

    def __enter__(self):
        return self.tmp.name

    def __exit__(self, *exc):
        self.tmp.cleanup()


class RenderTest(unittest.TestCase):

    def chart(self, better="lower", bars_=(("weft", 10.0), ("CPython", 40.0))):
        return chart.Chart("t", better, [chart.Group("switch", "ns", bars_)])

    def test_bars_are_proportional_to_the_values_within_a_panel(self):
        widths = bars(chart.render_svg(self.chart()))
        self.assertAlmostEqual(widths["CPython"], chart.BAR_MAX)
        self.assertAlmostEqual(widths["weft"], chart.BAR_MAX / 4)

    def test_each_panel_has_its_own_scale(self):
        c = chart.Chart("t", "lower", [chart.Group("a", "ns", [("weft", 1.0), ("py", 2.0)]),
                                       chart.Group("b", "ns", [("weft2", 1000.0), ("py2", 2000.0)])])
        widths = bars(chart.render_svg(c))
        self.assertAlmostEqual(widths["py"], widths["py2"])
        self.assertAlmostEqual(widths["weft"], widths["weft2"])

    def test_a_panel_spanning_10_times_or_more_is_drawn_on_a_log_scale_and_says_so(self):
        svg = chart.render_svg(self.chart(bars_=(("weft", 100.0), ("weft hand-off", 100000.0), ("CPython", 1000.0))))
        widths = bars(svg)
        self.assertAlmostEqual(chart.BAR_MAX, widths["weft hand-off"])
        self.assertAlmostEqual(chart.BAR_MAX * 0.1, widths["weft"])
        self.assertAlmostEqual(chart.BAR_MAX * 0.4, widths["CPython"])  # a third of the way in decades
        self.assertTrue(any("log scale" in t for t in texts(svg)))

    def test_a_panel_within_10_times_is_linear(self):
        self.assertFalse(any("log scale" in t for t in texts(chart.render_svg(self.chart()))))

    def test_ratio_says_how_many_times_faster_weft_is_when_lower_is_better(self):
        self.assertIn("40.0 ns \u00b7 weft 4.00x", texts(chart.render_svg(self.chart())))

    def test_ratio_says_how_many_times_faster_weft_is_when_higher_is_better(self):
        c = self.chart("higher", (("weft", 300.0), ("uvloop", 200.0)))
        self.assertIn("200 ns \u00b7 weft 1.50x", texts(chart.render_svg(c)))

    def test_weft_variants_carry_no_ratio_against_weft(self):
        svg = chart.render_svg(self.chart(bars_=(("weft loop", 10.0), ("weft hand-off", 50.0), ("CPython", 20.0))))
        self.assertIn("50.0 ns", texts(svg))
        self.assertIn("20.0 ns \u00b7 weft 2.00x", texts(svg))

    def test_missing_value_says_not_measured_and_draws_no_bar(self):
        svg = chart.render_svg(self.chart(bars_=(("weft", 5.0), ("gevent", None))))
        self.assertNotIn("gevent", bars(svg))
        self.assertIn("not measured", texts(svg))

    def test_names_are_escaped_into_well_formed_xml(self):
        c = chart.Chart('a <b> & "c"', "lower", [chart.Group("x < y", "ns", [("weft & co", 1.0)])])
        svg = chart.render_svg(c)
        root = ET.fromstring(svg)  # raises when not well formed
        self.assertEqual('a <b> & "c"', root.get("aria-label"))
        self.assertIn("weft & co", texts(svg))

    def test_long_notes_wrap_within_the_width(self):
        c = chart.Chart("t", "lower", [chart.Group("g", "ns", [("weft", 1.0)])], ["word " * 100])
        notes = [t for t in texts(chart.render_svg(c)) if t.startswith("word")]
        self.assertGreater(len(notes), 1)
        self.assertTrue(all(len(t) <= chart.NOTE_CHARS for t in notes))

    def test_nothing_measured_is_an_error_that_says_so(self):
        with self.assertRaisesRegex(ValueError, "every value is missing"):
            chart.render_svg(self.chart(bars_=(("weft", None),)))

    def test_better_must_be_lower_or_higher(self):
        with self.assertRaisesRegex(ValueError, "'lower' or 'higher'"):
            chart.Chart("t", "faster", [])

    def test_weft_series_are_blue_and_others_are_not(self):
        colours = chart.series_colours(chart.Chart("t", "lower", [chart.Group("g", "ns", [
            ("weft loop", 1.0), ("CPython", 2.0), ("weft hand-off", 3.0)])]))
        self.assertIn(colours["weft loop"], chart.WEFT_COLOURS)
        self.assertIn(colours["weft hand-off"], chart.WEFT_COLOURS)
        self.assertNotIn(colours["CPython"], chart.WEFT_COLOURS)


class ExtractTest(unittest.TestCase):

    def test_net_takes_the_best_round_and_puts_weft_loop_first(self):
        tsv = ("echo_1x20000\t1000\tasyncio py3.11.2\n"
               "echo_1x20000\t5000\tweft-continuation\n"
               "echo_1x20000\t4000\tweft-loop\n"
               "echo_1x20000\t6000\tweft-loop\n"
               "echo_1x20000\t3000\tuvloop-0.17.0 py3.11.2\n")
        with ResultsDir({"net-results.tsv": tsv}) as d:
            c = chart.chart_net(d)
        self.assertEqual("higher", c.better)
        g = c.groups[0]
        self.assertEqual(("weft, loop tasks (default)", 6000.0), g.bars[0])
        self.assertIn(("uvloop 0.17.0 py3.11.2", 3000.0), g.bars)
        self.assertEqual("echo, 1 connection x 20 000 round trips of 64 B", g.label)

    def test_aio_shows_the_uvloop_column_when_it_ran_and_bytes_in_their_unit(self):
        with ResultsDir({"aio-weft-loop.tsv": "switch\t50.0\tloop\ntask_bytes\t400.0\tloop\n",
                         "aio-python.tsv": "switch\t900.0\tasyncio\tpy3.11.7\nswitch\t800.0\tasyncio\tpy3.11.2\n"
                                           "switch\t300.0\tuvloop\tpy3.11.2\n"}) as d:
            c = chart.chart_aio(d)
        switch = c.groups[0]
        self.assertEqual(("weft, loop tasks", 50.0), switch.bars[0])
        self.assertIn(("weft, continuation tasks", None), switch.bars)
        self.assertIn(("CPython asyncio", 800.0), switch.bars)
        self.assertIn(("CPython uvloop", 300.0), switch.bars)
        self.assertIn("py3.11.7 and py3.11.2", c.notes[0])
        self.assertEqual("B per task", c.groups[1].unit)

    def test_aio_without_uvloop_has_no_uvloop_bar(self):
        with ResultsDir({"aio-weft-loop.tsv": "switch\t50.0\tloop\n",
                         "aio-python.tsv": "switch\t900.0\tasyncio\tpy3.11.7\n"}) as d:
            c = chart.chart_aio(d)
        self.assertFalse(any("uvloop" in name for name, _ in c.groups[0].bars))

    def test_green_reads_jmh_json_and_the_python_json(self):
        def jmh(score):
            return [{"benchmark": "dev.weft.bench.green.GreenletSwitchBench.greenletPair",
                     "primaryMetric": {"score": score}}]
        with ResultsDir({"green-jmh-continuation.json": jmh(90.0), "green-jmh-handoff.json": jmh(900.0),
                         "green-python.json": {"switch_pair_ns": 180.0, "python": "3.11.2",
                                               "greenlet": "2.0.2"}}) as d:
            c = chart.chart_green(d)
        self.assertEqual([("weft continuation", 90.0), ("weft hand-off", 900.0),
                          ("CPython 3.11.2 greenlet 2.0.2", 180.0)], c.groups[0].bars)

    def test_pipe_compares_the_coroutine_pipeline_with_cpythons_grep(self):
        with ResultsDir({"pipe-weft.txt": "pipe grep lines=10 matches=1 seconds=1 lines_per_s=900\n"
                                          "pipe grepcoro lines=10 matches=1 seconds=1 lines_per_s=800\n"
                                          "pipe-woven grep lines=10 matches=1 seconds=1 lines_per_s=950\n",
                         "pipe-python.txt": "python 3.11.7@/x grep lines=10 matches=1 seconds=1 lines_per_s=100\n"
                                            "python 3.11.2@/y grep lines=10 matches=1 seconds=1 lines_per_s=120\n"}) as d:
            c = chart.chart_pipe(d)
        grep, coro = c.groups
        self.assertEqual(("weft woven", 950.0), grep.bars[1])
        self.assertEqual(("CPython (faster)", 120.0), coro.bars[-1])

    def test_cores_shows_n_loops_before_one(self):
        tsv = ("echo_100x1000\tweft\t1\t1000\necho_100x1000\tweft\t2\t1800\n"
               "echo_100x1000\tasyncio-py3.11.7\t1\t500\necho_100x1000\tasyncio-py3.11.7\t2\t900\n")
        with ResultsDir({"cores-results.tsv": tsv}) as d:
            c = chart.chart_cores(d)
        self.assertEqual([("weft, 2 loops", 1800.0), ("asyncio-py3.11.7, 2 processes", 900.0),
                          ("weft, 1 loop", 1000.0), ("asyncio-py3.11.7, 1 process", 500.0)], c.groups[0].bars)

    def test_fetch_takes_the_fastest_round_and_puts_weft_first(self):
        tsv = ("start-up\t1.1\tasyncio streams py3.11.7\nstart-up\t0.9\tweft fetch\n"
               "start-up\t0.5\tweft fetch\n1000 x 16 KiB\t2.0\tweft fetch\n")
        with ResultsDir({"fetch-results.tsv": tsv}) as d:
            c = chart.chart_fetch(d)
        self.assertEqual("lower", c.better)
        self.assertEqual(["start-up", "1000 x 16 KiB"], [g.label for g in c.groups])
        self.assertEqual([("weft fetch", 0.5), ("asyncio streams py3.11.7", 1.1)], c.groups[0].bars)
        self.assertEqual(("asyncio streams py3.11.7", None), c.groups[1].bars[1])

    def test_gen_has_a_panel_per_operation_and_one_for_memory(self):
        with ResultsDir({"gen-jmh.json": [{"benchmark": "dev.weft.bench.gen.GeneratorContinuationBench.next",
                                           "primaryMetric": {"score": 12.0}}],
                         "gen-python-1.json": {"python": "3.11.7", "executable": "/x", "implementation": "CPython",
                                               "ops": {"next": {"ns": 30.0}}, "memory": {"bytesPerGenerator": 500}},
                         "gen-mem-continuation.json": {"bytesPerGenerator": 700}}) as d:
            c = chart.chart_gen(d)
        self.assertEqual(len(chart.report.GEN_OPS) + 1, len(c.groups))
        self.assertIn(("weft continuation", 12.0), c.groups[0].bars)
        self.assertIn(("CPython", 30.0), c.groups[0].bars)
        self.assertNotIn("Kotlin sequence", [name for name, _ in c.groups[0].bars])
        self.assertIn("py3.11.7", c.notes[0])
        self.assertIn(("weft continuation", 700), c.groups[-1].bars)


class MainTest(unittest.TestCase):

    def run_main(self, *args):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = chart.main(["chart.py"] + list(args))
        return code, err.getvalue()

    def test_writes_the_svg_where_asked(self):
        with ResultsDir({"net-results.tsv": "echo_1x20000\t6000\tweft-loop\n"}) as d:
            out = os.path.join(d, "sub", "net.svg")
            code, err = self.run_main("net", d, out)
            self.assertEqual(0, code, err)
            with open(out, encoding="utf-8") as f:
                ET.fromstring(f.read())
            self.assertIn("wrote " + out, err)

    def test_unknown_suite_is_a_usage_error_listing_the_suites(self):
        code, err = self.run_main("nope", ".")
        self.assertEqual(2, code)
        self.assertIn("aio,cores,fetch,gen,green,net,pipe", err)

    def test_empty_results_fail_and_say_where_the_results_are(self):
        with ResultsDir({}) as d:
            code, err = self.run_main("net", d, os.path.join(d, "x.svg"))
            self.assertEqual(1, code)
            self.assertIn("every value is missing", err)
            self.assertIn(d, err)
            self.assertFalse(os.path.exists(os.path.join(d, "x.svg")))

    def test_missing_results_dir_says_to_run_the_suite(self):
        code, err = self.run_main("gen", "/nonexistent/results")
        self.assertEqual(1, code)
        self.assertIn("./weft bench gen", err)


if __name__ == "__main__":
    unittest.main()
