package dev.weft.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test once per seed, each on a loop whose schedule that seed decides; a failing
 * run names its seed and the one line that replays it.
 *
 * <p>The test takes a {@code long seed}, or an {@link dev.weft.aio.EventLoopBuilder} already set
 * to a virtual clock and the seed ({@code EventLoop.builder().virtual().seed(seed)}), or both:
 *
 * {@snippet :
 * @Seeds(count = 200)
 * void twoWithdrawalsNeverOverdraw(EventLoopBuilder loop) {
 *     assertTrue(RacyBank.payBoth(loop, false) >= 0); // weft-examples' RacyBank: fails under some seeds
 * }
 * }
 *
 * <p>A failure reads {@code seed 17 failed: ...; replay it alone with @Seeds(replay = 17), or with
 * -Dweft.seed=17}. {@code -Dweft.seed=N} (a JVM system property) runs every {@code @Seeds} test
 * under seed N only; {@link #replay()} does the same for one test.
 *
 * <p>Python: none (Hypothesis's {@code @seed} and trio's scheduler seed are the closest).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(SeedsExtension.class)
public @interface Seeds {
    /** How many seeds to run: {@code from()}, {@code from() + 1}, ... (100). */
    int count() default 100;

    /** The first seed (0). */
    long from() default 0;

    /** Seeds to run instead of the range: the ones a failure printed (empty: the range). */
    long[] replay() default {};
}
