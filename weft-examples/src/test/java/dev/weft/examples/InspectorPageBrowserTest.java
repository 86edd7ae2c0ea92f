package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Task;
import dev.weft.inspect.Inspector;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector's page in a real headless Chromium: {@link InspectedShop} runs with the inspector on,
 * Chromium loads the page (its JavaScript polls the JSON and draws the graph), and the DOM it
 * dumps must show the shop's tasks, their states and the awaited-by edges. Skipped, with a
 * message, when no Chromium is installed ({@code apt-get install chromium}); runs once, in the
 * suite's "flags" pass, since a browser start costs seconds.
 */
@Timeout(120)
class InspectorPageBrowserTest {
    @TempDir
    Path tmp;

    static Optional<Path> chromium() {
        String override = System.getenv("WEFT_CHROMIUM");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs headless Chromium on {@code url} with {@code action} (--dump-dom or --screenshot=FILE); returns stdout. */
    static String chromium(Path binary, Path profile, String action, String url) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1280,760", "--virtual-time-budget=4000", action, url));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish within 90 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd);
        return out.join();
    }

    /** The values of attribute {@code attr} of the elements whose opening tag matches {@code tagPattern}. */
    static TreeSet<String> attrs(String dom, String tagPattern, String... attrNames) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("<" + tagPattern + "(?:\\s[^>]*)?>").matcher(dom);
        while (m.find()) {
            List<String> values = new ArrayList<>();
            for (String a : attrNames) {
                Matcher v = Pattern.compile("\\b" + a + "=\"([^\"]*)\"").matcher(m.group());
                values.add(v.find() ? v.group(1) : "?");
            }
            out.add(String.join(" ", values));
        }
        return out;
    }

    /** A JUnit assumption whose message also goes to the build's output, so a skip is never silent. */
    static void skipUnless(boolean condition, String message) {
        if (!condition) {
            System.out.println(message);
        }
        assumeTrue(condition, message);
    }

    @Test
    void thePageShowsTheShopsTasksStatesAndEdges() throws Exception {
        Optional<Path> chromium = chromium();
        skipUnless(chromium.isPresent(), "InspectorPageBrowserTest SKIPPED: no Chromium on PATH (chromium, "
                + "chromium-browser, google-chrome), or WEFT_CHROMIUM is not an executable; install it with: "
                + "apt-get install -y chromium");
        skipUnless(!List.of("portable", "woven").contains(System.getProperty("weft.test.mode")), "InspectorPageBrowserTest "
                + "SKIPPED in the " + System.getProperty("weft.test.mode") + " pass: the browser test runs once, in the flags pass");

        CountDownLatch settled = new CountDownLatch(3);
        CompletableFuture<Task<Object>> main = new CompletableFuture<>();
        CompletableFuture<EventLoop> loopOf = new CompletableFuture<>();
        try (Inspector inspector = Inspector.start(tmp.resolve("run"))) {
            Thread runner = Thread.ofPlatform().name("shop-loop").start(() -> EventLoop.run(() -> {
                loopOf.complete(EventLoop.current());
                Task<Object> m = InspectedShop.start(EventLoop.current(), settled);
                main.complete(m);
                try {
                    return m.await();
                } catch (dev.weft.aio.CancelledError done) {
                    return null;
                }
            }));
            try {
                assertTrue(settled.await(30, TimeUnit.SECONDS), "the shop's tasks did not start");
                String dom = chromium(chromium.get(), tmp.resolve("profile"), "--dump-dom",
                        inspector.pageUri() + "&select=db-1");
                assertTrue(dom.contains("data-loaded=\"true\""), "the page never loaded a snapshot:\n" + dom);
                assertEquals(new TreeSet<>(List.of("Task-1 waiting", "backend waiting", "db-1 waiting", "db-2 waiting", "frontend waiting",
                        "main waiting", "ticker waiting")), attrs(dom, "g", "data-task-name", "data-state"),
                        "the graph's nodes (name, state)");
                assertEquals(new TreeSet<>(List.of("Task-1 main", "backend db-1", "backend db-2", "main backend", "main frontend")),
                        attrs(dom, "path class=\"edge\"", "data-from", "data-to"), "the awaited-by edges (awaiter, awaited)");
                assertEquals(7, attrs(dom, "tr class=\"task[^\"]*\"", "data-task-name").size(), "a table row per task");
                Matcher stack = Pattern.compile("<pre id=\"stack\">([^<]*)</pre>").matcher(dom);
                assertTrue(stack.find() && stack.group(1).contains("dev.weft.aio.Queue.get"),
                        "db-1's stack, opened by ?select=db-1, shows it waits in Queue.get:\n" + (stack.find(0) ? stack.group(1) : dom));

                Path shot = Path.of("target", "inspector.png");
                chromium(chromium.get(), tmp.resolve("profile"), "--screenshot=" + shot.toAbsolutePath(),
                        inspector.pageUri() + "&select=db-1");
                assertTrue(Files.size(shot) > 10_000, "a screenshot was written to " + shot);
            } finally {
                EventLoop loop = loopOf.get(30, TimeUnit.SECONDS);
                loop.callSoonThreadsafe(() -> main.join().cancel());
                runner.join(30_000);
            }
        }
    }
}
