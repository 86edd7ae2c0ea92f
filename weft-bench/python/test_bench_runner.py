"""Tests for scripts/bench's progress and --chart, on stand-in suites (no JMH, no build): run with
chart.py's tests by weft-bench's Maven test phase. They need bash and a JDK 25 in JAVA_HOME (the
runner checks for one); without them they are skipped with the reason."""
import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(os.path.dirname(HERE), "scripts", "bench")

# A stand-in suite: two steps, then the raw file the net chart reads, and a table on stdout.
FAKE_NET = """say "net: round 1: weft"
say "net: round 1: uvloop"
printf 'echo_1x20000\\t6000\\tweft-loop\\necho_1x20000\\t3000\\tuvloop-0.17.0 py3.11.2\\n' > "$RESULTS/net-results.tsv"
echo "the table"
"""


def java_home():
    home = os.environ.get("JAVA_HOME", "")
    try:
        with open(os.path.join(home, "release")) as f:
            major = [l for l in f if l.startswith("JAVA_VERSION=")][0].split('"')[1].split(".")[0]
        return home if int(major) >= 25 else None
    except (OSError, IndexError, ValueError):
        return None


@unittest.skipUnless(shutil.which("bash"), "needs bash")
@unittest.skipUnless(java_home(), "needs JAVA_HOME set to a JDK 25 (the runner checks for one)")
class BenchRunnerTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.suites = os.path.join(self.tmp.name, "suites")
        self.results = os.path.join(self.tmp.name, "results")
        self.charts = os.path.join(self.tmp.name, "charts")
        os.makedirs(self.suites)
        self.suite("net", FAKE_NET)

    def tearDown(self):
        self.tmp.cleanup()

    def suite(self, name, text, append=False):
        with open(os.path.join(self.suites, name), "a" if append else "w") as f:
            f.write(text)

    def run_bench(self, *args):
        env = dict(os.environ, WEFT_BENCH_SUITES_DIR=self.suites, WEFT_BENCH_RESULTS_DIR=self.results,
                   WEFT_BENCH_NO_BUILD="1", TERM="dumb")
        # stderr is a pipe, not a terminal: progress comes as plain lines.
        return subprocess.run(["bash", BENCH] + list(args), env=env, capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)

    def test_plain_progress_lines_name_the_suite_step_elapsed_and_remainder(self):
        p = self.run_bench("net")
        self.assertEqual(0, p.returncode, p.stderr)
        step = [l for l in p.stderr.splitlines() if "net: round 1: uvloop" in l]
        self.assertEqual(1, len(step), p.stderr)
        self.assertRegex(step[0], r"\[suite 1/1 net, elapsed \d+s, about \d+m\d\ds left\]$")
        self.assertNotIn("\r", p.stderr)
        self.assertNotIn("\033", p.stderr)
        self.assertIn("the table", p.stdout)

    def test_remainder_comes_from_the_last_recorded_run_of_the_suite(self):
        self.assertEqual(0, self.run_bench("net").returncode)
        with open(os.path.join(self.results, "durations.tsv")) as f:
            rows = [l.split("\t") for l in f.read().splitlines()]
        self.assertEqual(["net", "0"], rows[-1][:2])
        with open(os.path.join(self.results, "durations.tsv"), "a") as f:
            f.write("net\t0\t7000\n")  # a run that took 1h56m40s
        p = self.run_bench("net")
        self.assertRegex(p.stderr, r"about 116m(3\d|40)s left")

    def test_chart_flag_writes_the_suites_svg_and_is_not_passed_to_the_suite(self):
        self.suite("net", 'echo "args: $*"\n', append=True)
        p = self.run_bench("net", "--chart=" + self.charts, "-prof", "gc")
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertIn("args: -prof gc", p.stdout)
        with open(os.path.join(self.charts, "net.svg"), encoding="utf-8") as f:
            svg = f.read()
        ET.fromstring(svg)
        self.assertIn("uvloop 0.17.0", svg)

    def test_a_suite_without_extra_arguments_sees_none_not_the_chart_flag(self):
        self.suite("net", 'echo "args: [$*]"\n', append=True)
        p = self.run_bench("net", "--chart=" + self.charts)
        self.assertEqual((0, "args: []"), (p.returncode, p.stdout.strip().splitlines()[-1]), p.stderr)

    def test_chart_of_a_suite_without_an_extractor_says_so(self):
        self.suite("odd", "true\n")
        p = self.run_bench("odd", "--chart=" + self.charts)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertIn("no chart for suite odd", p.stderr)

    def test_a_failing_step_stops_the_suite_and_fails_the_run_and_records_no_duration(self):
        self.suite("net", "false\necho after the failure\n")
        p = self.run_bench("net", "--chart=" + self.charts)
        self.assertEqual(1, p.returncode)
        self.assertIn("suite net failed", p.stderr)
        self.assertNotIn("after the failure", p.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.charts, "net.svg")))
        self.assertFalse(os.path.exists(os.path.join(self.results, "durations.tsv")))


if __name__ == "__main__":
    unittest.main()
