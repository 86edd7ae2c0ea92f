package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TourTest {

    @Test
    void runsEveryEntryUnderItsHeading() throws Exception {
        List<String> lines = Capture.lines(out -> assertEquals(Tour.EXAMPLES.size(), Tour.run(new String[0], out)));
        assertTrue(lines.get(0).startsWith("weft tour: "), lines.get(0));
        int at = 0;
        for (Tour.Example e : Tour.EXAMPLES) {
            int i = lines.indexOf(e.heading());
            assertTrue(i > at, "heading missing or out of order: " + e.heading());
            at = i;
        }
    }

    @Test
    void everyEntryRunsOnItsOwn() throws Exception {
        for (Tour.Example e : Tour.EXAMPLES) {
            List<String> lines = Capture.lines(e.run());
            assertTrue(!lines.isEmpty(), "no output from " + e.heading());
        }
    }

    @Test
    void headingNamesSeedTitleAndLesson() {
        Tour.Example e = Tour.select("jumping_range").getFirst();
        assertEquals("== 002 · jumping_range: send() moves the generator ==", e.heading());
    }

    @Test
    void listPrintsOnlyHeadings() throws Exception {
        List<String> lines = Capture.lines(out -> Tour.run(new String[] {"--list"}, out));
        assertEquals(Tour.EXAMPLES.stream().map(Tour.Example::heading).toList(), lines);
    }

    @Test
    void filterRunsOnlyMatchingEntries() throws Exception {
        List<String> lines = Capture.lines(out -> assertEquals(1, Tour.run(new String[] {"JUMPING"}, out)));
        assertEquals(List.of("", "== 002 · jumping_range: send() moves the generator ==", "0", "2", "3", "2", "3", "4"),
                lines.subList(1, lines.size()));
    }

    @Test
    void filterMatchingNothingSaysHowToList() throws Exception {
        List<String> lines = Capture.lines(out -> assertEquals(0, Tour.run(new String[] {"nope"}, out)));
        assertTrue(lines.get(0).startsWith("weft demo: no example matches 'nope'"), lines.get(0));
        assertEquals(Tour.EXAMPLES.size() + 1, lines.size(), "then every heading");
        assertEquals("  " + Tour.EXAMPLES.get(0).heading(), lines.get(1));
    }

    @Test
    void theLauncherTreatsAFilterMatchingNothingAsAUsageError() {
        assertEquals("nosuchthing", Tour.unmatchedFilter(new String[] {"nosuchthing"}));
        assertEquals("nope", Tour.unmatchedFilter(new String[] {"--list", "NOPE"}));
        assertNull(Tour.unmatchedFilter(new String[] {"jumping"}));
        assertNull(Tour.unmatchedFilter(new String[0]));
        assertNull(Tour.unmatchedFilter(new String[] {"nope", "--help"}));
    }
}
