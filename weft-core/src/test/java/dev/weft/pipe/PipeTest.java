package dev.weft.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorState;
import dev.weft.gen.StopIteration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PipeTest {

    /** A sink that records items and, in its finally, that it was closed. */
    static final class Recorder {
        final List<Object> items = new ArrayList<>();
        final List<String> log;
        final String name;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        <T> Sink<T> sink() {
            return Sink.coroutine(name, ctx -> {
                try {
                    while (true) {
                        items.add(ctx.yield(null));
                    }
                } finally {
                    log.add(name + " closed");
                }
            });
        }

        /** Accepts {@code n} items, then returns (ends). */
        <T> Sink<T> taking(int n) {
            return Sink.coroutine(name, ctx -> {
                try {
                    for (int i = 0; i < n; i++) {
                        items.add(ctx.yield(null));
                    }
                    return "took " + n;
                } finally {
                    log.add(name + " closed");
                }
            });
        }
    }

    @Nested
    class SinkType {
        @Test
        void ofPrimesACreatedCoroutine() {
            List<Object> got = new ArrayList<>();
            Generator<Object, String, Void> g = Generator.of(ctx -> {
                while (true) {
                    got.add(ctx.yield(null));
                }
            });
            Sink<String> s = Sink.of(g);
            assertEquals(GeneratorState.SUSPENDED, g.state());
            s.send("x");
            assertEquals(List.of("x"), got);
            assertEquals("Sink[generator, SUSPENDED]", s.toString());
        }

        @Test
        void ofRefusesAClosedCoroutineNamingTheFix() {
            Generator<Object, String, Void> g = Generator.of(ctx -> null);
            g.close();
            var e = assertThrows(IllegalArgumentException.class, () -> Sink.of(g));
            assertTrue(e.getMessage().contains("CREATED (weft primes it) or SUSPENDED"), e.getMessage());
        }

        @Test
        void sendToAClosedSinkThrowsStopIteration() {
            Sink<String> s = new Recorder("r", new ArrayList<>()).sink();
            s.close();
            assertTrue(s.isClosed());
            assertThrows(StopIteration.class, () -> s.send("x"));
        }
    }

    @Nested
    class From {
        @Test
        void pushesEveryItemThenClosesTheSink() {
            List<String> log = new ArrayList<>();
            Recorder r = new Recorder("r", log);
            assertEquals(3, Pipe.from(List.of(1, 2, 3), r.sink()));
            assertEquals(List.of(1, 2, 3), r.items);
            assertEquals(List.of("r closed"), log);
        }

        @Test
        void stopsWhenTheSinkEnds() {
            List<String> log = new ArrayList<>();
            Recorder r = new Recorder("r", log);
            List<Integer> pulled = new ArrayList<>();
            Iterable<Integer> source = () -> java.util.stream.IntStream.range(0, 100).boxed()
                    .peek(pulled::add).iterator();
            Sink<Integer> sink = r.taking(2);
            assertEquals(2, Pipe.from(source, sink));
            assertEquals(List.of(0, 1), r.items);
            assertEquals(2, pulled.size(), "the sink ended on the second item, so no third is pulled");
            assertEquals("took 2", sink.result());
        }

        @Test
        void aSinkExceptionReachesTheCallerUnchangedAndEveryStageIsClosed() {
            List<String> log = new ArrayList<>();
            IllegalStateException boom = new IllegalStateException("boom");
            Sink<Object> failing = Sink.coroutine("failing", ctx -> {
                try {
                    ctx.yield(null);
                    throw boom;
                } finally {
                    log.add("failing closed");
                }
            });
            Recorder other = new Recorder("other", log);
            Sink<Object> pipeline = Pipe.map(x -> x, Pipe.broadcast(other.sink(), failing));
            var thrown = assertThrows(IllegalStateException.class, () -> Pipe.from(List.of(1, 2), pipeline));
            assertSame(boom, thrown);
            assertEquals(List.of("failing closed", "other closed"), log);
            assertTrue(pipeline.isClosed());
        }

        @Test
        void aCheckedExceptionPassesThroughStagesUnchanged() {
            IOException io = new IOException("disk");
            Sink<String> failing = Sink.coroutine("failing", ctx -> {
                ctx.yield(null);
                throw io;
            });
            Throwable thrown = assertThrows(Throwable.class,
                    () -> Pipe.from(List.of("a"), Pipe.grep("a", failing)));
            assertSame(io, thrown);
        }
    }

    @Nested
    class Stages {
        @Test
        void filterMapAndGrepPassOnWhatTheyShould() {
            Recorder r = new Recorder("r", new ArrayList<>());
            Pipe.from(List.of("python 2", "java 25", "jython", "cpython 3.11"),
                    Pipe.grep("python", Pipe.filter((String s) -> !s.startsWith("j"),
                            Pipe.map(String::length, r.sink()))));
            assertEquals(List.of(8, 12), r.items);
        }

        @Test
        void closingTheFirstStageRunsEveryFinallyInOrder() {
            List<String> log = new ArrayList<>();
            Sink<String> last = Sink.coroutine("printer", ctx -> {
                try {
                    while (true) {
                        ctx.yield(null);
                    }
                } finally {
                    log.add("printer finally");
                }
            });
            Sink<String> head = Pipe.filter(s -> true, Pipe.grep("x", Pipe.map(s -> s, last)));
            head.send("x");
            head.close();
            assertEquals(List.of("printer finally"), log);
            assertTrue(last.isClosed());
        }

        @Test
        void stagesRelayTheLastSinksReply() {
            Sink<String> counting = Pipe.counter();
            Sink<String> head = Pipe.grep("a", Pipe.map(s -> s, counting));
            assertEquals(1L, head.send("a1"));
            assertEquals(null, head.send("b"), "a dropped item gets no reply");
            assertEquals(2L, head.send("a2"));
        }

        @Test
        void aStageEndsWhenItsTargetEnds() {
            Recorder r = new Recorder("r", new ArrayList<>());
            Sink<String> head = Pipe.grep("", r.taking(1));
            assertThrows(StopIteration.class, () -> head.send("one"), "the target ended on this item");
            assertEquals(List.of("one"), r.items);
            assertTrue(head.isClosed());
            assertThrows(StopIteration.class, () -> head.send("two"));
        }

        @Test
        void broadcastSendsToEveryTargetInOrderAndDropsEndedOnes() {
            List<String> log = new ArrayList<>();
            Recorder a = new Recorder("a", log);
            Recorder b = new Recorder("b", log);
            Recorder c = new Recorder("c", log);
            Pipe.from(List.of(1, 2, 3), Pipe.broadcast(a.sink(), b.taking(1), c.sink()));
            assertEquals(List.of(1, 2, 3), a.items);
            assertEquals(List.of(1), b.items);
            assertEquals(List.of(1, 2, 3), c.items);
            assertEquals(List.of("b closed", "a closed", "c closed"), log);
        }

        @Test
        void broadcastEndsWhenEveryTargetHasEnded() {
            Recorder a = new Recorder("a", new ArrayList<>());
            Sink<Integer> b = Pipe.broadcast(a.taking(1), a.taking(2));
            assertEquals(2, Pipe.from(List.of(1, 2, 3, 4), b));
            assertEquals(List.of(1, 1, 2), a.items);
            assertTrue(b.isClosed());
        }

        @Test
        void broadcastNeedsATarget() {
            assertThrows(IllegalArgumentException.class, () -> Pipe.broadcast());
        }
    }

    @Nested
    class Sinks {
        @Test
        void printerAppendsEachItemAndALineSeparator() {
            StringBuilder out = new StringBuilder();
            Pipe.from(List.of("a", 1), Pipe.printer(out));
            String nl = System.lineSeparator();
            assertEquals("a" + nl + "1" + nl, out.toString());
        }

        @Test
        void printerTurnsAnIOExceptionIntoUncheckedNamingThePrinter() {
            Appendable broken = new Appendable() {
                @Override
                public Appendable append(CharSequence csq) throws IOException {
                    throw new IOException("disk full");
                }

                @Override
                public Appendable append(CharSequence csq, int start, int end) throws IOException {
                    throw new IOException("disk full");
                }

                @Override
                public Appendable append(char c) throws IOException {
                    throw new IOException("disk full");
                }
            };
            var e = assertThrows(UncheckedIOException.class, () -> Pipe.from(List.of("x"), Pipe.printer(broken)));
            assertTrue(e.getMessage().contains("printer could not write x"), e.getMessage());
        }

        @Test
        void counterRepliesWithTheCountAndReturnsTheTotal() {
            Sink<String> c = Pipe.counter();
            assertEquals(1L, c.send("a"));
            assertEquals(2L, c.send("b"));
            c.close();
            assertEquals(2L, c.result());
        }
    }

    /** The built-in stages are push functions: no coroutine, the same rules as one. */
    @Nested
    class PushStages {
        /** A sink whose close throws {@code closeFailure}. */
        Sink<String> failingOnClose(RuntimeException closeFailure) {
            return Sink.coroutine("target", ctx -> {
                try {
                    while (true) {
                        ctx.yield(null);
                    }
                } finally {
                    throw closeFailure;
                }
            });
        }

        @Test
        void builtInStagesRunWithoutACoroutineAndSayTheirState() {
            Sink<String> head = Pipe.grep("x", Pipe.map(s -> s, Pipe.filter(s -> true,
                    Pipe.broadcast(Pipe.printer(new StringBuilder()), Pipe.counter()))));
            assertEquals(null, head.coroutine());
            assertEquals("Sink[grep x, SUSPENDED]", head.toString());
            head.close();
            assertEquals("Sink[grep x, CLOSED]", head.toString());
        }

        @Test
        void aSendLoopingBackIntoARunningStageFailsAsAlreadyExecuting() {
            List<Sink<String>> self = new ArrayList<>();
            Sink<String> loopBack = Sink.coroutine("loop back", ctx -> {
                while (true) {
                    String item = ctx.yield(null);
                    self.get(0).send(item);
                }
            });
            Sink<String> head = Pipe.map(s -> s, loopBack);
            self.add(head);
            var e = assertThrows(IllegalStateException.class, () -> head.send("a"));
            assertTrue(e.getMessage().startsWith("generator already executing: Sink[map, RUNNING]"), e.getMessage());
            assertTrue(head.isClosed(), "the failure ended the stage, as it ends a coroutine");
            assertTrue(loopBack.isClosed());
        }

        @Test
        void aSecondThreadIsRefusedWhileAStageRunsAndServedAfterIt() throws Exception {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> seen = new ArrayList<>(); // plain list: the stage's rules make it safe
            Sink<String> head = Pipe.map((String s) -> {
                if (s.equals("hold")) {
                    inside.countDown();
                    await(release);
                }
                seen.add(s);
                return s;
            }, Pipe.counter());
            Thread first = Thread.ofPlatform().start(() -> head.send("hold"));
            await(inside); // the first thread is inside the stage now
            var e = assertThrows(IllegalStateException.class, () -> head.send("second"));
            assertTrue(e.getMessage().startsWith("generator already executing: Sink[map, RUNNING]"), e.getMessage());
            assertTrue(e.getMessage().contains("from a second thread while it runs"), e.getMessage());
            release.countDown();
            first.join();
            assertEquals(2L, head.send("after")); // one after another is fine, and sees what the first did
            assertEquals(List.of("hold", "after"), seen);
        }

        static void await(CountDownLatch latch) {
            try {
                assertTrue(latch.await(10, TimeUnit.SECONDS), "the other thread did not arrive");
            } catch (InterruptedException ie) {
                throw new AssertionError(ie);
            }
        }

        @Test
        void aTargetsCloseFailureIsSuppressedByTheFailureInFlight() {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException closeFailure = new IllegalStateException("close failed");
            Sink<String> target = failingOnClose(closeFailure);
            Sink<String> head = Pipe.filter(s -> {
                throw boom;
            }, target);
            var e = assertThrows(IllegalStateException.class, () -> head.send("a"));
            assertSame(boom, e);
            assertSame(closeFailure, e.getSuppressed()[0]);
            assertTrue(head.isClosed());
        }

        @Test
        void closingAStageThrowsItsTargetsCloseFailure() {
            IllegalStateException closeFailure = new IllegalStateException("close failed");
            Sink<String> target = failingOnClose(closeFailure);
            Sink<String> head = Pipe.grep("a", target);
            assertSame(closeFailure, assertThrows(IllegalStateException.class, head::close));
            assertTrue(head.isClosed());
            head.close(); // a second close is a no-op
        }

        @Test
        void aCounterHasNoResultUntilClosedAndAnEndedStageReturnsNone() {
            Sink<String> c = Pipe.counter();
            c.send("a");
            var e = assertThrows(IllegalStateException.class, c::result);
            assertTrue(e.getMessage().contains("close it first"), e.getMessage());
            Sink<String> head = Pipe.grep("", new Recorder("r", new ArrayList<>()).taking(1));
            assertThrows(StopIteration.class, () -> head.send("one"));
            assertEquals(null, head.result());
            assertEquals(null, assertThrows(StopIteration.class, () -> head.send("two")).value());
        }
    }
}
