package dev.weft.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The follower runs on its own thread while the test writes to the file; lines arrive through a
 * queue-backed sink and the follower's trace ("open", "eof N", "truncated", "replaced") tells the
 * test when it has caught up. Waits are bounded polls for an expected line, never fixed sleeps.
 */
@Tag("realtime")
@Timeout(30)
class FollowTest {
    private static final long WAIT_S = 10;

    @TempDir
    Path dir;

    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final BlockingQueue<String> trace = new LinkedBlockingQueue<>();
    final AtomicBoolean sinkFinallyRan = new AtomicBoolean();
    final CompletableFuture<Long> result = new CompletableFuture<>();
    Thread follower;

    Sink<String> queueSink() {
        return Sink.coroutine("queue", ctx -> {
            try {
                while (true) {
                    lines.add(ctx.yield(null));
                }
            } finally {
                sinkFinallyRan.set(true);
            }
        });
    }

    Follow fast(Path file) {
        return Follow.file(file).pollInterval(Duration.ofMillis(2)).trace(trace::add);
    }

    void start(Follow f, Sink<String> sink) {
        follower = Thread.ofPlatform().name("follower").start(() -> {
            try {
                result.complete(f.into(sink));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
    }

    @AfterEach
    void stopFollower() throws InterruptedException {
        if (follower != null) {
            follower.interrupt();
            follower.join(TimeUnit.SECONDS.toMillis(WAIT_S));
            assertTrue(!follower.isAlive(), "the follower did not stop when interrupted");
        }
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Waits for the follower to report the end of the file at exactly {@code pos}. */
    void awaitEofAt(long pos) throws InterruptedException {
        String want = "eof " + pos;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline) {
            String t = trace.poll(100, TimeUnit.MILLISECONDS);
            if (want.equals(t)) {
                return;
            }
        }
        fail("the follower never reached the end of the file at " + pos);
    }

    void awaitTrace(String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline) {
            if (event.equals(trace.poll(100, TimeUnit.MILLISECONDS))) {
                return;
            }
        }
        fail("the follower never reported " + event);
    }

    /** Takes lines until {@code last} arrives (bounded), and returns them all. */
    List<String> takeThrough(String last) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (true) {
            String line = lines.poll(WAIT_S, TimeUnit.SECONDS);
            if (line == null) {
                fail("line '" + last + "' never arrived; got " + got);
            }
            got.add(line);
            if (line.equals(last)) {
                return got;
            }
        }
    }

    @Nested
    class Reading {
        @Test
        void fromStartDeliversExistingThenAppendedLinesInOrder() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "one\ntwo\n");
            start(fast(f).fromStart(true), queueSink());
            assertEquals(List.of("one", "two"), takeThrough("two"));
            append(f, "three\n");
            append(f, "four\nfive\n");
            assertEquals(List.of("three", "four", "five"), takeThrough("five"));
        }

        @Test
        void fromEndSkipsWhatIsAlreadyThere() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "old 1\nold 2\n");
            start(fast(f), queueSink());
            awaitEofAt(12);
            append(f, "new 1\n");
            assertEquals(List.of("new 1"), takeThrough("new 1"));
        }

        @Test
        void aPartialLastLineWaitsForItsNewline() throws Exception {
            Path f = dir.resolve("app.log");
            Files.createFile(f);
            start(fast(f), queueSink());
            awaitEofAt(0);
            append(f, "hal");
            awaitEofAt(3);
            assertNull(lines.poll(), "half a line was delivered");
            append(f, "f a line\r\nnext");
            assertEquals(List.of("half a line"), takeThrough("half a line"));
            append(f, "\n");
            assertEquals(List.of("next"), takeThrough("next"));
        }

        @Test
        void aCharacterSplitAcrossWritesDecodesWhole() throws Exception {
            Path f = dir.resolve("app.log");
            Files.createFile(f);
            start(fast(f), queueSink());
            awaitEofAt(0);
            byte[] euro = "€\n".getBytes(StandardCharsets.UTF_8);
            Files.write(f, new byte[] {euro[0]}, StandardOpenOption.APPEND);
            awaitEofAt(1);
            Files.write(f, new byte[] {euro[1], euro[2], euro[3]}, StandardOpenOption.APPEND);
            assertEquals(List.of("€"), takeThrough("€"));
        }

        @Test
        void stopAtEndDeliversTheLastLineWithoutNewlineAndReturns() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "a\nb\nc");
            List<String> got = new ArrayList<>();
            Sink<String> sink = Sink.coroutine("list", ctx -> {
                while (true) {
                    got.add(ctx.yield(null));
                }
            });
            assertEquals(3, Follow.file(f).fromStart(true).stopAtEnd(true).into(sink));
            assertEquals(List.of("a", "b", "c"), got);
            assertTrue(sink.isClosed());
        }

        @Test
        void aLineLongerThanTheReadBufferArrivesWhole() throws Exception {
            Path f = dir.resolve("app.log");
            String longLine = "x".repeat(200_000);
            append(f, longLine + "\nshort\n");
            List<String> got = new ArrayList<>();
            Follow.file(f).fromStart(true).stopAtEnd(true).into(Sink.coroutine("list", ctx -> {
                while (true) {
                    got.add(ctx.yield(null));
                }
            }));
            assertEquals(List.of(longLine, "short"), got);
        }
    }

    @Nested
    class Rotation {
        @Test
        void everyLineArrivesExactlyOnceAcrossARenameAndANewFile() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "a1\na2\n");
            start(fast(f).fromStart(true), queueSink());
            assertEquals(List.of("a1", "a2"), takeThrough("a2"));
            append(f, "a3\na4\n");
            Files.move(f, dir.resolve("app.log.1"));
            append(f, "b1\n");
            append(f, "b2\nb3\n");
            assertEquals(List.of("a3", "a4", "b1", "b2", "b3"), takeThrough("b3"));
            append(f, "b4\n");
            assertEquals(List.of("b4"), takeThrough("b4"));
        }

        @Test
        void aPartialLineInTheOldFileIsDeliveredBeforeTheNewFile() throws Exception {
            Path f = dir.resolve("app.log");
            Files.createFile(f);
            start(fast(f), queueSink());
            awaitEofAt(0);
            append(f, "last words");
            Files.move(f, dir.resolve("app.log.1"));
            append(f, "fresh\n");
            assertEquals(List.of("last words", "fresh"), takeThrough("fresh"));
        }

        @Test
        void keepsFollowingTheOldFileWhileThePathIsMissing() throws Exception {
            Path f = dir.resolve("app.log");
            Files.createFile(f);
            start(fast(f), queueSink());
            awaitEofAt(0);
            Path old = dir.resolve("app.log.1");
            Files.move(f, old);
            append(old, "late\n");
            assertEquals(List.of("late"), takeThrough("late"));
            append(f, "new\n");
            assertEquals(List.of("new"), takeThrough("new"));
        }

        @Test
        void truncationRestartsAtTheBeginningWithoutDuplicates() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "x1\nx2\n");
            start(fast(f).fromStart(true), queueSink());
            assertEquals(List.of("x1", "x2"), takeThrough("x2"));
            awaitEofAt(6);
            Files.write(f, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            awaitTrace("truncated");
            append(f, "y1\ny2\n");
            assertEquals(List.of("y1", "y2"), takeThrough("y2"));
            append(f, "y3\n");
            assertEquals(List.of("y3"), takeThrough("y3"));
        }
    }

    @Nested
    class Stopping {
        @Test
        void interruptingTheThreadStopsFollowingAndClosesTheSink() throws Exception {
            Path f = dir.resolve("app.log");
            Files.createFile(f);
            start(fast(f), queueSink());
            awaitEofAt(0);
            follower.interrupt();
            assertEquals(0L, result.get(WAIT_S, TimeUnit.SECONDS));
            assertTrue(sinkFinallyRan.get(), "the sink's finally did not run");
        }

        @Test
        void returnsWhenTheSinkEnds() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "1\n2\n3\n");
            List<String> got = new ArrayList<>();
            Sink<String> two = Sink.coroutine("two", ctx -> {
                got.add(ctx.yield(null));
                got.add(ctx.yield(null));
                return null;
            });
            start(fast(f).fromStart(true), two);
            assertEquals(2L, result.get(WAIT_S, TimeUnit.SECONDS));
            assertEquals(List.of("1", "2"), got);
        }

        @Test
        void aSinkExceptionReachesTheCallerAndEveryStageIsClosed() throws Exception {
            Path f = dir.resolve("app.log");
            append(f, "ok\nbad\n");
            IllegalArgumentException boom = new IllegalArgumentException("bad line");
            Sink<String> failing = Sink.coroutine("failing", ctx -> {
                while (true) {
                    if (ctx.yield(null).equals("bad")) {
                        throw boom;
                    }
                }
            });
            start(fast(f).fromStart(true), Pipe.grep("", Pipe.broadcast(queueSink(), failing)));
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> result.get(WAIT_S, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            assertTrue(sinkFinallyRan.get(), "a sibling stage was not closed");
        }

        @Test
        void aMissingFileFailsAtOnceNamingIt() {
            Path missing = dir.resolve("nope.log");
            var e = assertThrows(NoSuchFileException.class, () -> Follow.file(missing).into(queueSink()));
            assertTrue(e.getMessage().contains("nope.log"), e.getMessage());
            assertTrue(sinkFinallyRan.get(), "the sink was not closed");
        }

        @Test
        void aZeroPollIntervalIsRefused() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Follow.file(dir).pollInterval(Duration.ZERO));
            assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
        }
    }
}
