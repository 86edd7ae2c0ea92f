package dev.weft.aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded, recorded and replayed schedules: EventLoop.builder().seed / record / replay. */
@Timeout(60)
class ScheduleTest {
    @TempDir
    Path dir;

    static List<TaskBackend> backends() {
        return TestLoops.backends();
    }

    /** {@code tasks} tasks, each noting its name at each of {@code steps} sleep(0)s: the interleaving as a string. */
    static Callable<String> interleaving(int tasks, int steps) {
        return () -> {
            StringBuilder trace = new StringBuilder();
            List<Task<?>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                char name = (char) ('a' + i);
                all.add(EventLoop.current().createTask(() -> {
                    for (int s = 0; s < steps; s++) {
                        trace.append(name);
                        Aio.sleep(0);
                    }
                    return null;
                }));
            }
            for (Task<?> t : all) {
                t.await();
            }
            return trace.toString();
        };
    }

    @Nested
    class Seeded {
        @Test
        void withoutASeedTasksRunInTheOrderTheyBecameReady() {
            assertEquals("abcabcabc", EventLoop.builder().virtual().run(interleaving(3, 3)));
        }

        @ParameterizedTest
        @MethodSource("dev.weft.aio.ScheduleTest#backends")
        void theSameSeedGivesTheSameInterleavingAndSeedsDiffer(TaskBackend backend) {
            Set<String> seen = new HashSet<>();
            for (long seed = 0; seed < 20; seed++) {
                String first = EventLoop.builder().virtual().taskBackend(backend).seed(seed).run(interleaving(4, 3));
                String again = EventLoop.builder().virtual().taskBackend(backend).seed(seed).run(interleaving(4, 3));
                assertEquals(first, again, "seed " + seed);
                assertEquals(12, first.length());
                seen.add(first);
            }
            assertTrue(seen.size() > 10, "20 seeds gave only " + seen);
        }

        @Test
        void callbacksKeepTheirFirstInFirstOutOrderUnderEverySeed() {
            for (long seed = 0; seed < 20; seed++) {
                String order = EventLoop.builder().virtual().seed(seed).run(() -> {
                    StringBuilder sb = new StringBuilder();
                    EventLoop loop = EventLoop.current();
                    for (char c = 'a'; c <= 'f'; c++) {
                        char x = c;
                        loop.callSoon(() -> sb.append(x));
                        loop.createTask(() -> null); // task starts interleaved with the callbacks
                    }
                    Aio.sleep(1);
                    return sb.toString();
                });
                assertEquals("abcdef", order, "seed " + seed);
            }
        }

        @Test
        void timersDueAtTheSameTimeRunInASeededOrderAndTimeStillOrdersTheRest() {
            Set<String> seen = new HashSet<>();
            for (long seed = 0; seed < 20; seed++) {
                String order = EventLoop.builder().virtual().seed(seed).run(() -> {
                    StringBuilder sb = new StringBuilder();
                    EventLoop loop = EventLoop.current();
                    loop.callLater(2, () -> sb.append('z'));
                    for (char c = 'a'; c <= 'd'; c++) {
                        char x = c;
                        loop.callLater(1, () -> sb.append(x));
                    }
                    Aio.sleep(3);
                    return sb.toString();
                });
                assertTrue(order.endsWith("z") && order.length() == 5, order);
                seen.add(order);
            }
            assertTrue(seen.size() > 5, "20 seeds gave only " + seen);
        }
    }

    @Nested
    class RecordAndReplay {
        @ParameterizedTest
        @MethodSource("dev.weft.aio.ScheduleTest#backends")
        void aReplayMakesTheRecordedChoicesAgain(TaskBackend backend) throws IOException {
            Path file = dir.resolve("run.schedule");
            String recorded = EventLoop.builder().virtual().taskBackend(backend).seed(7).record(file)
                    .run(interleaving(5, 4));
            List<String> lines = Files.readAllLines(file);
            assertEquals(List.of("weft-schedule 1", "seed 7"), lines.subList(0, 2));
            assertTrue(lines.size() > 5, lines.toString());
            for (int i = 0; i < 10; i++) {
                assertEquals(recorded, EventLoop.builder().virtual().taskBackend(backend).replay(file)
                        .run(interleaving(5, 4)));
            }
        }

        @Test
        void recordWithoutASeedDrawsOneAndWritesIt() throws IOException {
            Path file = dir.resolve("drawn.schedule");
            String recorded = EventLoop.builder().virtual().record(file).run(interleaving(4, 4));
            long seed = Long.parseLong(Files.readAllLines(file).get(1).substring("seed ".length()));
            assertEquals(recorded, EventLoop.builder().virtual().seed(seed).run(interleaving(4, 4)));
            assertEquals(recorded, EventLoop.builder().virtual().replay(file).run(interleaving(4, 4)));
        }

        @Test
        void aProgramThatNoLongerMatchesTheRecordingFailsWhereItDiverges() {
            Path file = dir.resolve("three.schedule");
            EventLoop.builder().virtual().seed(3).record(file).run(interleaving(3, 3));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EventLoop.builder().virtual().replay(file).run(interleaving(4, 3)));
            assertTrue(e.getMessage().startsWith("weft: the replay of " + file + " diverged at choice 1 (line 3): "
                    + "the recording has a choice among 3 ready tasks, but the program now has 4"), e.getMessage());
            assertTrue(e.getMessage().contains("record the run again"), e.getMessage());
        }

        @Test
        void aProgramThatEndsBeforeTheRecordingDoesFails() {
            Path file = dir.resolve("long.schedule");
            EventLoop.builder().virtual().seed(3).record(file).run(interleaving(3, 5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EventLoop.builder().virtual()
                    .replay(file).run(() -> {
                        EventLoop.current().createTask(() -> null);
                        EventLoop.current().createTask(() -> null);
                        EventLoop.current().createTask(() -> null);
                        Aio.sleep(1);
                        return null;
                    }));
            assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        }

        @Test
        void aBuiltLoopThatClosesBeforeTheRecordingEndsReportsItToTheExceptionHandler() {
            Path file = dir.resolve("built.schedule");
            EventLoop.builder().virtual().seed(3).record(file).run(interleaving(3, 5));
            List<String> reports = new ArrayList<>();
            try (EventLoop loop = EventLoop.builder().virtual().replay(file).build()) {
                loop.setExceptionHandler((l, c) -> reports.add(c.message()));
                loop.runUntilComplete(interleaving(3, 1));
            }
            assertEquals(1, reports.size(), reports.toString());
            assertTrue(reports.get(0).startsWith("weft: the replay of " + file + " diverged: the program ended after "),
                    reports.get(0));
        }

        @Test
        void aProgramThatGoesOnPastTheRecordingFails() {
            Path file = dir.resolve("short.schedule");
            EventLoop.builder().virtual().seed(3).record(file).run(interleaving(3, 1));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EventLoop.builder().virtual().replay(file).run(interleaving(3, 5)));
            assertTrue(e.getMessage().contains("the recording ends after"), e.getMessage());
        }
    }

    @Nested
    class BadInput {
        @Test
        void replayWithASeedIsRefusedWithTheFix() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EventLoop.builder().seed(1).replay(dir.resolve("x")).build());
            assertTrue(e.getMessage().contains("takes its seed and its choices from the recording; drop seed(1)"),
                    e.getMessage());
        }

        @Test
        void aFileThatIsNotARecordingIsRefused() throws IOException {
            Path file = Files.writeString(dir.resolve("junk"), "hello\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EventLoop.builder().replay(file).build());
            assertTrue(e.getMessage().contains("is not a schedule recording"), e.getMessage());
            assertTrue(e.getMessage().contains("EventLoop.builder().seed(n).record(file)"), e.getMessage());
        }

        @Test
        void theBuilderSaysWhatItBuilds() {
            assertEquals("EventLoopBuilder[virtual clock, debug, seed=5]",
                    EventLoop.builder().virtual().debug(true).seed(5).toString());
            try (EventLoop loop = EventLoop.builder().virtual().debug(true).seed(5).build()) {
                assertTrue(loop.isVirtual() && loop.isDebug());
                assertNotEquals(null, loop.schedule);
            }
        }
    }
}
