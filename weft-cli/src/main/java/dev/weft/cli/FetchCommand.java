package dev.weft.cli;

import dev.weft.green.Gevent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./weft fetch}: downloads URLs concurrently on green tasks.
 *
 * <p>Exit status: 0 when every URL was fetched, 1 when any failed (each is named with its reason),
 * 2 on bad usage.
 */
@Command(name = "weft fetch", sortOptions = false, usageHelpAutoWidth = true, exitCodeOnInvalidInput = 2,
        description = {
            "Downloads URLs concurrently on weft's green tasks (a pool of them), each into a file named after "
                    + "the URL's last path segment in the output directory.",
            "",
            "A file appears under its name only once complete: the body goes to a hidden .part file first. "
                    + "Connection errors, timeouts, truncated bodies and 5xx answers are retried with exponential "
                    + "backoff; other HTTP errors are not. On a terminal a status line shows files done, bytes, rate "
                    + "and what is in flight; otherwise each event is a log line. A summary ends the run."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every URL was fetched", "1:some URL failed (each is listed with its reason)", "2:bad usage"},
        footer = {"", "Examples:", "  ./weft fetch https://example.org/a.html https://example.org/b.pdf --out downloads",
            "  ./weft fetch -i urls.txt --concurrency 20 --timeout 10 --retries 5",
            "  grep -o 'https://[^\"]*' page.html | ./weft fetch -i -"})
public final class FetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "URL", description = "http:// or https:// URLs to fetch")
    List<String> urls = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE|-",
            description = "also read URLs from FILE, one per line (blank lines and # comments skipped); - is standard input")
    String input;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "8",
            description = "at most N downloads at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".",
            description = "directory for the files, created if missing (default: the current directory); "
                    + "an existing file of the same name is replaced")
    Path out;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "30",
            description = "limit on each attempt, from connecting to the last byte (default: ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = {"-r", "--retries"}, paramLabel = "N", defaultValue = "3",
            description = "retries after a connection error, timeout, truncated body or 5xx (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--backoff", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "wait before the first retry, doubled for each further one (default: ${DEFAULT-VALUE})")
    double backoff;

    @Option(names = "--progress", negatable = true,
            description = "force the live status line on (--progress) or plain log lines (--no-progress); "
                    + "default: a status line when the output is a terminal")
    Boolean progress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    private PrintStream stdout = System.out;
    private InputStream stdin = System.in;

    /** Runs the command with {@code args} and returns its exit status (the launcher's entry point uses it). */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        FetchCommand cmd = new FetchCommand();
        cmd.stdout = out;
        cmd.stdin = in;
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("weft fetch: " + ex.getMessage());
            w.println("Try './weft fetch --help' for the options.");
            return 2;
        });
        return cl.execute(args);
    }

    /** {@code ./weft fetch ...}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.in));
    }

    @Override
    public Integer call() throws IOException {
        if (concurrency < 1) {
            throw usage("--concurrency must be at least 1, got " + concurrency);
        }
        if (!(timeout > 0)) {
            throw usage("--timeout must be a positive number of seconds, got " + timeout);
        }
        if (retries < 0) {
            throw usage("--retries must be 0 or more, got " + retries);
        }
        if (!(backoff >= 0)) {
            throw usage("--backoff must be 0 or more seconds, got " + backoff);
        }
        List<URI> uris = new ArrayList<>();
        for (String u : urls) {
            uris.add(parse(u, "argument"));
        }
        if (input != null) {
            uris.addAll(readInput());
        }
        if (uris.isEmpty()) {
            throw usage("no URL given: pass URLs as arguments or with -i FILE (- for standard input)");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw usage("--out " + out + " exists and is not a directory");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw usage("cannot create the output directory " + out + ": " + e.getMessage());
        }

        boolean live = progress != null ? progress : System.console() != null && System.console().isTerminal();
        Progress p = new Progress(stdout, live);
        List<Fetcher.Job> jobs = Fetcher.plan(uris, out);
        try {
            new Fetcher(new Fetcher.Options(concurrency, out, timeout, retries, backoff), p).run(jobs);
            p.summary(jobs, out);
        } finally {
            Gevent.destroyHub();
        }
        return jobs.stream().allMatch(j -> j.done) ? 0 : 1;
    }

    private List<URI> readInput() {
        List<URI> found = new ArrayList<>();
        boolean stdIn = input.equals("-");
        try (BufferedReader r = stdIn
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null;) {
                lineNo++;
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    found.add(parse(t, (stdIn ? "standard input" : input) + " line " + lineNo));
                }
            }
        } catch (IOException e) {
            throw usage("cannot read URLs from " + (stdIn ? "standard input" : input) + ": " + e.getMessage());
        }
        return found;
    }

    private URI parse(String text, String where) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw usage("not a URL (" + where + "): " + text + ": " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw usage("not an http:// or https:// URL (" + where + "): " + text);
        }
        return u;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
