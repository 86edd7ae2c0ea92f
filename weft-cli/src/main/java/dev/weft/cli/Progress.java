package dev.weft.cli;

import dev.weft.green.Gevent;
import dev.weft.green.GreenTask;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code weft fetch} tells the user while it works: on a terminal, one status line redrawn
 * in place (files done, bytes, rate, what is in flight) with failures and retries printed above
 * it; otherwise one plain log line per event. Both end with the same summary.
 */
final class Progress {
    private static final double REDRAW_SECONDS = 0.2;

    private final PrintStream out;
    private final boolean live;
    private final Set<Fetcher.Job> inFlight = new LinkedHashSet<>();
    private int total;
    private int fetched;
    private int failed;
    private long bytes;
    private double startedAt;
    private GreenTask<Void> redrawer;
    private boolean lineShown;

    Progress(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    void start(int total) {
        this.total = total;
        this.startedAt = Gevent.getHub().time();
        if (live) {
            redrawer = Gevent.spawn("progress", () -> {
                while (true) {
                    draw();
                    Gevent.sleep(REDRAW_SECONDS);
                }
            });
        }
    }

    void started(Fetcher.Job j) {
        inFlight.add(j);
    }

    void received(long n) {
        bytes += n;
    }

    void fetched(Fetcher.Job j) {
        inFlight.remove(j);
        fetched++;
        if (!live) {
            out.println("fetched " + j.uri + " -> " + j.target + " (" + j.bytes + " bytes"
                    + (j.attempts > 1 ? ", attempt " + j.attempts : "") + ")");
        }
    }

    void retrying(Fetcher.Job j, String reason, double delay) {
        line("retry   " + j.uri + " in " + Fetcher.seconds(delay) + ": " + reason);
    }

    void failed(Fetcher.Job j) {
        inFlight.remove(j);
        failed++;
        line("FAILED  " + j.uri + ": " + j.failure);
    }

    /** Stops redrawing and clears the status line. */
    void finish() {
        if (redrawer != null) {
            redrawer.kill();
            redrawer = null;
        }
        clearLine();
        out.flush();
    }

    /** The final report: counts, bytes, rate, then each failure with its reason. */
    void summary(Iterable<Fetcher.Job> jobs, Path outDir) {
        double elapsed = Gevent.getHub().time() - startedAt;
        out.println("fetched " + fetched + " of " + total + " URLs, " + human(bytes) + " in "
                + String.format(Locale.ROOT, "%.1f s (%s/s)", elapsed, human(rate(elapsed))) + " into " + outDir);
        if (failed > 0) {
            out.println(failed + " failed:");
            for (Fetcher.Job j : jobs) {
                if (!j.done) {
                    out.println("  " + j.uri + ": " + j.failure);
                }
            }
        }
    }

    private long rate(double elapsed) {
        return elapsed <= 0 ? 0 : Math.round(bytes / elapsed);
    }

    /** The status line: {@code 12/200 done, 1 failed, 3.4 MiB, 1.2 MiB/s, in flight (3): a.html b.html c.html}. */
    String status() {
        double elapsed = Gevent.getHub().time() - startedAt;
        String names = inFlight.stream().limit(4).map(Fetcher.Job::name).collect(Collectors.joining(" "));
        return fetched + "/" + total + " done" + (failed > 0 ? ", " + failed + " failed" : "") + ", " + human(bytes)
                + ", " + human(rate(elapsed)) + "/s, in flight (" + inFlight.size() + ")"
                + (names.isEmpty() ? "" : ": " + names + (inFlight.size() > 4 ? " ..." : ""));
    }

    private void draw() {
        out.print("\r\033[K" + status());
        out.flush();
        lineShown = true;
    }

    private void clearLine() {
        if (lineShown) {
            out.print("\r\033[K");
            lineShown = false;
        }
    }

    /** Prints an event line; on a terminal, above the status line. */
    private void line(String text) {
        clearLine();
        out.println(text);
        if (live) {
            draw();
        }
    }

    static String human(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
