package dev.weft.internal.strand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The strand contract on the continuation backend (runs only with weft's JVM flags). */
class ContinuationStrandTest implements StrandContract {

    @BeforeEach
    void requireFlags() {
        assumeTrue(Backend.CONTINUATION.isAvailable(), "needs " + BackendPolicy.exportsFlag());
    }

    @Override
    public Strand create(Strand.Body body) {
        return Strand.create(Backend.CONTINUATION, body);
    }

    @Override
    public Backend backend() {
        return Backend.CONTINUATION;
    }

    @Test
    void bodyRunsOnTheResumersThread() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Strand s = create(sus -> {
            ran.set(Thread.currentThread());
            return null;
        });
        s.resume(null);
        assertSame(Thread.currentThread(), ran.get());
    }

    @Test
    void suspendedStrandMayBeResumedFromAnotherThread() throws Exception {
        Strand s = create(sus -> {
            Object got = sus.suspend(Thread.currentThread().getName());
            return Thread.currentThread().getName() + ">" + got;
        });
        assertEquals(Thread.currentThread().getName(), s.resume(null));
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("other-resumer").start(() -> out.set(s.resume("x")));
        t.join();
        assertEquals("other-resumer>x", out.get());
    }
}
