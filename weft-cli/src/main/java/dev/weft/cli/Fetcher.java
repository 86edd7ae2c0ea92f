package dev.weft.cli;

import dev.weft.green.Gevent;
import dev.weft.green.Pool;
import dev.weft.green.Timeout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The download engine of {@code weft fetch}: one green task per URL in a {@link Pool}, each
 * attempt under a {@link Timeout}, retries with exponential backoff, and files that appear under
 * their final name only when complete.
 */
/* Implementation notes
 *
 * The caller is plain code (not a task): pool.spawn and pool.join run the thread's hub, which runs
 * the downloads. Each download is ordinary blocking JDK code (HttpURLConnection, Files): with
 * loop-scheduled tasks a socket read parks only its task. Local file writes block the hub briefly
 * (the JDK cannot park file I/O on a custom scheduler); for a downloader they are short.
 *
 * All tasks of one hub run one at a time, so Job fields and Progress counters need no locks, but a
 * field must not be read before a blocking call and written after it (another task may have
 * changed it meanwhile): every update is a single statement after the call that produced it.
 *
 * A body is written to ".<name>.<random>.part" in the output directory and moved to its name with
 * ATOMIC_MOVE only after the whole body (as many bytes as Content-Length said) arrived; the part file
 * is deleted on any failure, so a truncated file never appears under the final name.
 */
final class Fetcher {

    /** What the command line asked for. */
    record Options(int concurrency, Path outDir, double timeoutSeconds, int retries, double backoffSeconds) {
    }

    /** One URL: where it goes and how it went. */
    static final class Job {
        final URI uri;
        final Path target;
        long bytes;
        int attempts;
        String failure;
        boolean done;

        Job(URI uri, Path target) {
            this.uri = uri;
            this.target = target;
        }

        String name() {
            return target.getFileName().toString();
        }
    }

    /** A failure worth another attempt: a connection error, a timeout, a 5xx, a short body. */
    static final class RetryableException extends IOException {
        private static final long serialVersionUID = 1L;

        RetryableException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A failure another attempt will not fix (4xx, a local file error). */
    static final class FatalException extends IOException {
        private static final long serialVersionUID = 1L;

        FatalException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private final Options options;
    private final Progress progress;

    Fetcher(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Gives each URL a file name in the output directory, unique among the URLs. */
    static List<Job> plan(List<URI> uris, Path outDir) {
        Set<String> taken = new HashSet<>();
        List<Job> jobs = new ArrayList<>();
        for (URI u : uris) {
            String base = fileName(u);
            String name = base;
            for (int i = 1; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
                int dot = base.lastIndexOf('.');
                name = dot > 0 ? base.substring(0, dot) + "-" + i + base.substring(dot) : base + "-" + i;
            }
            jobs.add(new Job(u, outDir.resolve(name)));
        }
        return jobs;
    }

    /** The last path segment, decoded and made safe for a file name; {@code index.html} if none. */
    static String fileName(URI u) {
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String decoded = URLDecoder.decode(last, StandardCharsets.UTF_8);
        String safe = decoded.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        return safe.isEmpty() ? "index.html" : safe;
    }

    /** Downloads every job (at most {@code concurrency} at once) and returns when all are done or failed. */
    void run(List<Job> jobs) {
        Pool pool = new Pool(options.concurrency());
        progress.start(jobs.size());
        for (Job j : jobs) {
            pool.spawn(() -> fetch(j));
        }
        pool.join(Gevent.FOREVER, true); // fetch() never throws: every failure is recorded in its job
        progress.finish();
    }

    /** All attempts for one job; records the outcome in it and never throws. */
    private void fetch(Job j) {
        progress.started(j);
        for (int attempt = 1;; attempt++) {
            j.attempts = attempt;
            try {
                attempt(j);
                j.done = true;
                progress.fetched(j);
                return;
            } catch (RetryableException e) {
                if (attempt > options.retries()) {
                    fail(j, e.getMessage() + (attempt > 1 ? " (after " + attempt + " attempts)" : ""));
                    return;
                }
                double delay = options.backoffSeconds() * Math.pow(2, attempt - 1);
                progress.retrying(j, e.getMessage(), delay);
                Gevent.sleep(delay);
            } catch (FatalException e) {
                fail(j, e.getMessage());
                return;
            } catch (IOException e) { // cleaning up the part file failed
                fail(j, describe(e));
                return;
            }
        }
    }

    private void fail(Job j, String reason) {
        j.failure = reason;
        progress.failed(j);
    }

    /** One attempt: the body into a part file under a deadline, then the part file renamed. */
    private void attempt(Job j) throws IOException {
        Path part;
        try {
            part = Files.createTempFile(options.outDir(), "." + j.name() + ".", ".part");
        } catch (IOException e) {
            throw new FatalException("cannot create a file in " + options.outDir() + ": " + e, e);
        }
        try {
            IOException failed = Timeout.runOr(options.timeoutSeconds(),
                    new RetryableException("timed out after " + seconds(options.timeoutSeconds()), null), () -> {
                        download(j, part);
                        return null;
                    });
            if (failed != null) {
                throw failed;
            }
            try {
                Files.move(part, j.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new FatalException("cannot rename " + part + " to " + j.target + ": " + e, e);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private void download(Job j, Path part) throws IOException {
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.round(options.timeoutSeconds() * 1000)));
        HttpURLConnection c;
        int code;
        try {
            c = (HttpURLConnection) j.uri.toURL().openConnection();
            c.setConnectTimeout(ms);                  // also bounds blocking calls Timeout cannot interrupt
            c.setReadTimeout(ms);
            c.setRequestProperty("User-Agent", "weft-fetch/0.1");
            code = c.getResponseCode();
        } catch (IOException e) {
            throw new RetryableException(describe(e), e);
        }
        try {
            if (code >= 500) {
                throw new RetryableException("HTTP " + code + reason(c), null);
            }
            if (code < 200 || code >= 300) {
                throw new FatalException("HTTP " + code + reason(c), null);
            }
            long expected = c.getContentLengthLong();
            long got = 0;
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) >= 0;) {
                    out.write(buf, 0, n);
                    got += n;
                    j.bytes = got;
                    progress.received(n);
                }
            } catch (IOException e) {
                throw new RetryableException(describe(e) + " after " + got + (expected >= 0 ? " of " + expected : "")
                        + " bytes", e);
            }
            if (expected >= 0 && got != expected) {
                throw new RetryableException("connection closed after " + got + " of " + expected + " bytes", null);
            }
        } finally {
            c.disconnect();
        }
    }

    private static String reason(HttpURLConnection c) {
        try {
            String m = c.getResponseMessage();
            return m == null || m.isBlank() ? "" : " " + m;
        } catch (IOException e) {
            return " (reason phrase unreadable: " + e + ")";
        }
    }

    /** "connection refused", "Connection reset", ... : the exception's own words with its kind. */
    static String describe(IOException e) {
        String kind = switch (e) {
            case java.net.ConnectException x -> "cannot connect";
            case java.net.SocketTimeoutException x -> "no answer in time";
            case java.net.UnknownHostException x -> "unknown host";
            default -> e.getClass().getSimpleName();
        };
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    static String seconds(double s) {
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }
}
