package dev.weft.testing;

import dev.weft.aio.EventLoop;
import dev.weft.aio.EventLoopBuilder;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link Seeds}: one invocation per seed, the seed (or a builder set
 * to it) as the test's parameter, and a failure that names its seed and how to replay it.
 *
 * <p>Python: none.
 */
public final class SeedsExtension implements TestTemplateInvocationContextProvider {
    /** The system property that runs every {@code @Seeds} test under one seed: {@code -Dweft.seed=N}. */
    public static final String PROPERTY = "weft.seed";

    /** Creates the extension; JUnit does, through {@link Seeds}. */
    public SeedsExtension() {
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), Seeds.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Seeds seeds = AnnotationSupport.findAnnotation(context.getTestMethod(), Seeds.class).orElseThrow();
        return seeds(seeds, System.getProperty(PROPERTY)).mapToObj(Invocation::new);
    }

    /** The seeds to run: -Dweft.seed, else replay(), else the range; a bad value says how to fix it. */
    static LongStream seeds(Seeds seeds, String property) {
        if (property != null && !property.isBlank()) {
            try {
                return LongStream.of(Long.parseLong(property.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weft: -D" + PROPERTY + "=" + property + " is not a seed; give a "
                        + "whole number, the one a failing @Seeds test printed", e);
            }
        }
        if (seeds.replay().length > 0) {
            return LongStream.of(seeds.replay());
        }
        if (seeds.count() < 1) {
            throw new IllegalArgumentException("weft: @Seeds(count = " + seeds.count() + ") runs nothing; give "
                    + "count >= 1");
        }
        return LongStream.range(seeds.from(), seeds.from() + seeds.count());
    }

    /** The message of a failure under {@code seed}: the seed and the one line that replays it. */
    static String failure(long seed, String test, Throwable cause) {
        return "seed " + seed + " failed: " + cause + "; replay it alone with @Seeds(replay = " + seed + ") on " + test
                + ", or with -D" + PROPERTY + "=" + seed;
    }

    /** One run of the test under one seed. */
    private static final class Invocation implements TestTemplateInvocationContext {
        private final long seed;

        Invocation(long seed) {
            this.seed = seed;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "seed " + seed;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Resolver(seed), new Reporter(seed));
        }
    }

    /** Gives the test its seed, or a builder set to it. */
    private record Resolver(long seed) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            Class<?> t = p.getParameter().getType();
            return t == long.class || t == Long.class || t == EventLoopBuilder.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == EventLoopBuilder.class
                    ? EventLoop.builder().virtual().seed(seed) : (Object) seed;
        }
    }

    /** Names the seed of a failure, and prints the line that replays it. */
    private record Reporter(long seed) implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext c, Throwable t) {
            String test = c.getRequiredTestClass().getSimpleName() + "." + c.getRequiredTestMethod().getName();
            String message = failure(seed, test, t);
            System.err.println("weft: " + message);
            throw new AssertionError(message, t);
        }
    }
}
