package dev.weft.green;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Queue;

/**
 * Green tasks handed out in the order they die: {@code iwait}, {@code wait}, {@code joinAll} and
 * {@code imapUnordered} all read from one of these.
 *
 * <p>Each task added gets a done callback that puts it on a queue of the loop; {@link #next}
 * takes from that queue (waiting through {@link Hub#block}, so a plain {@code main} runs the hub).
 * Tasks already dead when added go on the queue at once, in the order added. The queue holds at
 * most the tasks added and not taken yet.
 */
final class Completions<G extends GreenTask<?>> {
    private final EventLoop loop;
    private final Queue<G> dead = new Queue<>();
    private int outstanding;

    Completions(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** Watches {@code g}, which must belong to this loop. */
    void add(G g) {
        if (g.task().loop() != loop) {
            throw new IllegalArgumentException("weft: " + g + " belongs to " + g.task().loop() + ", not to " + loop
                    + "; wait for green tasks of one hub at a time");
        }
        outstanding++;
        if (g.ready()) {
            dead.putNowait(g);
        } else {
            g.task().addDoneCallback(f -> dead.putNowait(g));
        }
    }

    /** How many added tasks have not been handed out yet. */
    int outstanding() {
        return outstanding;
    }

    /**
     * The next task to die, in the order they die; null when none is outstanding, or when loop
     * time {@code deadline} passes first.
     */
    G next(double deadline, String what) {
        if (outstanding == 0) {
            return null;
        }
        G g = dead.empty() ? Hub.block(loop, what, () -> Hub.within(deadline, dead::get, () -> null)) : dead.getNowait();
        if (g != null) {
            outstanding--;
        }
        return g;
    }
}
