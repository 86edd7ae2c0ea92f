package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.aio.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The request-id demo: every log line of a request, from every task, timer and thread, names it. */
@Timeout(60)
class RequestIdsTest {
    private static final Pattern REPLY = Pattern.compile("client got: (\\w+): \\d+ in stock at [0-9.]+ \\((req-\\d)\\)");
    private static final Pattern LOG = Pattern.compile("(\\w+) +\\[([^\\]]+)\\] (.*)");

    @Test
    void everyLineOfARequestCarriesItsIdWhileTwoRequestsAreServedAtOnce() throws Exception {
        List<String> lines = Capture.lines(out -> {
            try (EventLoop loop = EventLoop.create()) {
                loop.runUntilComplete(() -> {
                    RequestIds.serveTwoClients(out);
                    return null;
                });
            }
        });
        Map<String, String> itemOf = new TreeMap<>();
        Map<String, List<String>> logOf = new TreeMap<>();
        for (String line : lines) {
            Matcher reply = REPLY.matcher(line);
            Matcher log = LOG.matcher(line);
            if (reply.matches()) {
                itemOf.put(reply.group(2), reply.group(1));
            } else {
                assertTrue(log.matches(), "not a log line: " + line);
                logOf.computeIfAbsent(log.group(2), k -> new java.util.ArrayList<>()).add(log.group(1) + " " + log.group(3));
            }
        }
        assertEquals(Map.of("req-1", itemOf.get("req-1"), "req-2", itemOf.get("req-2")), itemOf);
        assertEquals(List.of("apple", "pear"), itemOf.values().stream().sorted().toList());
        for (var e : itemOf.entrySet()) {
            String item = e.getValue();
            assertEquals(List.of(
                    "INFO received " + item,
                    "INFO stock lookup for " + item,
                    "INFO price lookup for " + item,
                    "DEBUG still working on " + item,
                    "INFO audit record written on a worker thread",
                    "INFO replied"), logOf.get(e.getKey()), "the log lines of " + e.getKey());
        }
        assertEquals(List.of("INFO connection closed", "INFO connection closed", "INFO connection opened",
                "INFO connection opened", "INFO server closed"), logOf.get("-").stream().sorted().toList(),
                "outside any request the variable's default shows");
        assertEquals(3, logOf.size(), "only req-1, req-2 and '-' (outside any request): " + logOf.keySet());
    }
}
