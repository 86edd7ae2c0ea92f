package dev.weft.aio;

import static dev.weft.aio.AioTesting.loop;
import static dev.weft.aio.AioTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** weft's JFR events, recorded with {@link Recording}, dumped, and read back with {@link RecordingFile}. */
@Timeout(60)
class FlightTest {
    @TempDir
    Path dir;

    static List<TaskBackend> backends() {
        return TestLoops.backends();
    }

    /** Records {@code main} on a virtual-clock loop of {@code backend}; returns weft's events in order. */
    private List<RecordedEvent> record(TaskBackend backend, Callable<?> main) throws IOException {
        Path file = dir.resolve("weft-" + backend + ".jfr");
        try (Recording r = new Recording()) {
            for (String name : List.of("TaskCreated", "TaskStarted", "TaskSuspended", "TaskResumed",
                    "TaskFinished", "CancelRequested", "CancelDelivered")) {
                r.enable("dev.weft." + name);
            }
            r.enable("dev.weft.SlowCallback").withThreshold(Duration.ofMillis(20));
            r.start();
            assertTrue(Flight.on, "a recording with weft's events turns the hooks on");
            runVirtual(backend, main);
            r.stop();
            r.dump(file);
        }
        assertFalse(Flight.on, "no recording runs: the hooks are off again");
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.weft."))
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                .toList();
    }

    private static String shortName(RecordedEvent e) {
        return e.getEventType().getName().substring("dev.weft.".length());
    }

    /** The names of the task events of one task, in order (slow callbacks come and go with the machine's load). */
    private static List<String> lifeOf(List<RecordedEvent> events, long task) {
        return events.stream().filter(e -> !shortName(e).equals("SlowCallback") && e.getLong("task") == task)
                .map(FlightTest::shortName).toList();
    }

    private static long idOfTaskNamed(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> shortName(e).equals("TaskCreated") && name.equals(e.getString("name")))
                .mapToLong(e -> e.getLong("task")).findFirst().orElseThrow(() -> new AssertionError(
                        "no TaskCreated for " + name + " in " + events.stream().map(FlightTest::shortName)
                                .collect(Collectors.joining(", "))));
    }

    @Test
    void theHooksAreOffWhenNothingRecords() {
        assertFalse(Flight.on);
    }

    @Nested
    class TaskLife {
        @ParameterizedTest
        @MethodSource("dev.weft.aio.FlightTest#backends")
        void aTaskThatAwaitsTwiceIsCreatedStartedSuspendedResumedAndFinishedInOrder(TaskBackend backend)
                throws IOException {
            List<RecordedEvent> events = record(backend, () -> {
                Task<Integer> child = loop().createTask(() -> {
                    Aio.sleep(1);
                    Aio.sleep(1);
                    return 42;
                }, "child");
                return child.await();
            });
            long child = idOfTaskNamed(events, "child");
            assertEquals(List.of("TaskCreated", "TaskStarted", "TaskSuspended", "TaskResumed", "TaskSuspended",
                    "TaskResumed", "TaskFinished"), lifeOf(events, child));
            RecordedEvent created = events.stream().filter(e -> e.getLong("task") == child).findFirst().orElseThrow();
            assertTrue(created.getLong("parent") > 0, "created by the main task: " + created);
            RecordedEvent finished = events.stream()
                    .filter(e -> shortName(e).equals("TaskFinished") && e.getLong("task") == child).findFirst()
                    .orElseThrow();
            assertEquals("result", finished.getString("outcome"));
            RecordedEvent suspended = events.stream()
                    .filter(e -> shortName(e).equals("TaskSuspended") && e.getLong("task") == child).findFirst()
                    .orElseThrow();
            assertTrue(suspended.getString("awaiting").startsWith("Future["), suspended.getString("awaiting"));
        }

        @ParameterizedTest
        @MethodSource("dev.weft.aio.FlightTest#backends")
        void everyTaskOfAManyTaskRunHasItsWholeLifeInTheRecording(TaskBackend backend) throws IOException {
            int n = 50;
            List<RecordedEvent> events = record(backend, () -> {
                for (int i = 0; i < n; i++) {
                    loop().createTask(() -> {
                        Aio.sleep(0);
                        Aio.sleep(1);
                        return null;
                    }, "t" + i);
                }
                Aio.sleep(2);
                return null;
            });
            for (int i = 0; i < n; i++) {
                long id = idOfTaskNamed(events, "t" + i);
                assertEquals(List.of("TaskCreated", "TaskStarted", "TaskSuspended", "TaskResumed", "TaskSuspended",
                        "TaskResumed", "TaskFinished"), lifeOf(events, id), "t" + i);
            }
        }
    }

    @Nested
    class Cancellation {
        @ParameterizedTest
        @MethodSource("dev.weft.aio.FlightTest#backends")
        void aCancelIsRequestedThenDeliveredThenTheTaskFinishesCancelled(TaskBackend backend) throws IOException {
            List<RecordedEvent> events = record(backend, () -> {
                Task<Void> sleeper = loop().createTask(() -> {
                    Aio.sleep(10);
                    return null;
                }, "sleeper");
                Aio.sleep(1);
                sleeper.cancel("enough");
                try {
                    sleeper.await();
                } catch (CancelledError expected) {
                    // what we asked for
                }
                return null;
            });
            long id = idOfTaskNamed(events, "sleeper");
            assertEquals(List.of("TaskCreated", "TaskStarted", "TaskSuspended", "CancelRequested", "TaskResumed",
                    "CancelDelivered", "TaskFinished"), lifeOf(events, id));
            RecordedEvent requested = events.stream()
                    .filter(e -> shortName(e).equals("CancelRequested") && e.getLong("task") == id).findFirst()
                    .orElseThrow();
            assertEquals("enough", requested.getString("message"));
            assertEquals("cancelled", events.stream()
                    .filter(e -> shortName(e).equals("TaskFinished") && e.getLong("task") == id).findFirst()
                    .orElseThrow().getString("outcome"));
        }
    }

    @Nested
    class SlowCallbacks {
        @Test
        void aStepOverTheThresholdIsRecordedWithItsTask() throws IOException {
            List<RecordedEvent> events = record(TaskBackend.STRAND, () -> {
                Task<Void> hog = loop().createTask(() -> {
                    long end = System.nanoTime() + 30_000_000L;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // holds the loop's thread for 30 ms of real time
                    }
                    return null;
                }, "hog");
                hog.await();
                return null;
            });
            long id = idOfTaskNamed(events, "hog");
            // (other steps may be slow too on a cold JVM: class loading; the hog's is certain)
            List<RecordedEvent> slow = events.stream()
                    .filter(e -> shortName(e).equals("SlowCallback") && e.getLong("task") == id).toList();
            assertEquals(1, slow.size(), slow.toString());
            assertTrue(slow.get(0).getDuration().toMillis() >= 30, slow.toString());
        }
    }
}
