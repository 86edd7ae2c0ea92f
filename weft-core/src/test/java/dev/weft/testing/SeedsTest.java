package dev.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.aio.EventLoopBuilder;
import dev.weft.aio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** {@code @Seeds}: one run per seed, and a failure that names its seed and replays alone. */
@Timeout(60)
class SeedsTest {
    /**
     * Whether two tasks that each take the last ticket, with an await between check and take, both
     * got it: the second buyer looks one step later, so in arrival order it sees the ticket gone;
     * only some orders of the two ready at the same moment sell it twice.
     */
    static boolean bothTookTheLastTicket(EventLoopBuilder loop) {
        return loop.run(() -> {
            int[] tickets = {1};
            int[] taken = {0};
            List<Task<?>> buyers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int late = i;
                buyers.add(EventLoop.current().createTask(() -> {
                    for (int k = 0; k < late; k++) {
                        Aio.sleep(0);
                    }
                    if (tickets[0] > 0) { // check ...
                        Aio.sleep(0);
                        tickets[0]--; // ... then act, after an await
                        taken[0]++;
                    }
                    return null;
                }));
            }
            for (Task<?> b : buyers) {
                b.await();
            }
            return taken[0] > 1;
        });
    }

    /** Runs only through the launcher below (a pattern like -Dtest=SeedsTest* would reach it too). */
    @EnabledIf("launched")
    static class Racy {
        static final List<Long> RAN = new ArrayList<>();
        static volatile boolean launched;

        static boolean launched() {
            return launched;
        }

        @Seeds(count = 30)
        void neverSellsTheLastTicketTwice(long seed, EventLoopBuilder loop) {
            RAN.add(seed);
            assertTrue(!bothTookTheLastTicket(loop), "sold twice");
        }

        @Seeds(replay = {3, 5})
        void onlyTheseSeeds(long seed) {
            RAN.add(seed);
        }
    }

    /** Runs one method of Racy; returns the failure messages. */
    private static List<String> launch(String method) {
        Racy.RAN.clear();
        List<String> failures = new ArrayList<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(Racy.class.getName() + "#" + method)).build();
        Racy.launched = true;
        try {
            LauncherFactory.create().execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    result.getThrowable().ifPresent(t -> failures.add(t.getMessage()));
                }
            });
        } finally {
            Racy.launched = false;
        }
        return failures;
    }

    @Nested
    class Runs {
        @Test
        void aRacyTestFailsUnderSomeSeedsAndEachFailureNamesItsSeedAndTheLineThatReplaysIt() {
            List<String> failures = launch("neverSellsTheLastTicketTwice(long, dev.weft.aio.EventLoopBuilder)");
            assertEquals(30, Racy.RAN.size(), "one run per seed: " + Racy.RAN);
            assertTrue(!failures.isEmpty() && failures.size() < 30, failures.size() + " failures: " + failures);
            Matcher m = Pattern.compile("^seed (\\d+) failed: .*sold twice.*; replay it alone with "
                    + "@Seeds\\(replay = \\1\\) on Racy.neverSellsTheLastTicketTwice, or with -Dweft.seed=\\1$")
                    .matcher(failures.get(0));
            assertTrue(m.matches(), failures.get(0));
            long seed = Long.parseLong(m.group(1));
            // the seed replays the failure, every time
            for (int i = 0; i < 3; i++) {
                assertTrue(bothTookTheLastTicket(EventLoop.builder().virtual().seed(seed)));
            }
            // and -Dweft.seed runs that seed alone
            System.setProperty(SeedsExtension.PROPERTY, Long.toString(seed));
            try {
                List<String> again = launch("neverSellsTheLastTicketTwice(long, dev.weft.aio.EventLoopBuilder)");
                assertEquals(List.of(seed), Racy.RAN);
                assertEquals(1, again.size(), again.toString());
            } finally {
                System.clearProperty(SeedsExtension.PROPERTY);
            }
        }

        @Test
        void replayRunsOnlyTheSeedsItNames() {
            assertEquals(List.of(), launch("onlyTheseSeeds(long)"));
            assertEquals(List.of(3L, 5L), Racy.RAN);
        }
    }

    @Nested
    class BadInput {
        @Test
        void aPropertyThatIsNotANumberSaysWhatToGive() {
            Seeds s = annotation("onlyTheseSeeds");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SeedsExtension.seeds(s, "twelve"));
            assertEquals("weft: -Dweft.seed=twelve is not a seed; give a whole number, the one a failing @Seeds test "
                    + "printed", e.getMessage());
        }

        private Seeds annotation(String method) {
            try {
                return Racy.class.getDeclaredMethod(method, long.class).getAnnotation(Seeds.class);
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
    }
}
