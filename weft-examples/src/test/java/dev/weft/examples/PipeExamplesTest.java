package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed's pipeline and event-handling examples print what the seed's code prints. */
class PipeExamplesTest {

    interface Example {
        void run(PrintStream out) throws Exception;
    }

    static List<String> lines(Example e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            e.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Nested
    @Tag("realtime")
    class FollowGrepExample {
        @Test
        @Timeout(30)
        void printsTheLinesAboutPythonInTheOrderTheyWereWritten() throws Exception {
            assertEquals(List.of(
                    "Looking for python",
                    "readme.txt: python coroutine pipelines",
                    "python generators are lazy",
                    "a coroutine consumes values: python's send()",
                    "grep passes on the lines about python"), lines(FollowGrep::run));
        }
    }

    @Nested
    class CountingPrinterExample {
        @Test
        void printsEachLineAndYieldsTheSeedsCount() throws Exception {
            assertEquals(List.of(
                    "weft brings Python's coroutines to Java.",
                    "A source sends lines into a pipeline.",
                    "The printer prints them and yields its count back.",
                    "the printer yielded 4 after 3 lines"), lines(CountingPrinter::run));
        }
    }

    @Nested
    class BusEventsExample {
        @Test
        void printsThePositionsOfTheRoute22BusesInDocumentOrder() throws Exception {
            assertEquals(List.of(
                    "22,1485,\"North Bound\",41.880481,-87.629482",
                    "22,1702,\"South Bound\",41.963131,-87.668734",
                    "22,4312,\"North Bound\",41.993305,-87.670364",
                    "22,1893,\"South Bound\",41.911727,-87.634563"), lines(BusEvents::run));
        }
    }
}
