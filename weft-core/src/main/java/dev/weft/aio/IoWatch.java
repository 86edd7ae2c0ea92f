package dev.weft.aio;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;

/**
 * I/O readiness on a loop's {@link Selector}: asyncio's {@code add_reader} / {@code add_writer}
 * for {@link SelectableChannel}s. {@link EventLoop} delegates its public readiness methods here.
 */
/* Implementation notes
 *
 * One SelectionKey per channel, created on the first add and never cancelled by weft: a cancelled
 * key stays in the selector until the next select, and registering the channel again before that
 * throws CancelledKeyException. Removing both callbacks only sets the interest set to 0; closing
 * the channel is what cancels the key. The key's attachment is a Watch (a Runnable): the loop's
 * select adds one handle per selected key, and Watch.run dispatches on readyOps, read side first.
 *
 * Interest sets: "read" is OP_READ or OP_ACCEPT, whichever the channel supports; "write" is
 * OP_WRITE | OP_CONNECT (masked by the channel's validOps): the JDK reports OP_CONNECT only while a
 * connection is pending and OP_WRITE only once connected, so one writer callback serves both.
 *
 * Virtual clock: registered interest holds the clock only for a grace period of real time
 * (LoopCore.outsideWork returns Clock.Outside.IO_WAIT; the rule lives in Clock): a channel that stays quiet for that long is idle, and
 * the clock jumps to the next timer, like trio's MockClock autojump threshold. A loopback peer
 * on the same loop makes its data readable long before the grace ends, so such tests stay exact.
 */
final class IoWatch {
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final Selector selector;

    IoWatch(Selector selector) {
        this.selector = selector;
    }

    /** The callbacks of one channel, and its key. */
    private static final class Watch implements Runnable {
        final SelectionKey key;
        Runnable reader;
        Runnable writer;

        Watch(SelectionKey key) {
            this.key = key;
        }

        @Override
        public void run() {
            if (!key.isValid()) {
                return; // closed since it was selected
            }
            int ready = key.readyOps();
            Runnable r = (ready & READ_OPS) != 0 ? reader : null;
            Runnable w = (ready & WRITE_OPS) != 0 ? writer : null;
            try {
                if (r != null) {
                    r.run();
                }
            } finally {
                // the reader may have removed the writer or closed the channel
                if (w != null && w == writer && key.isValid()) {
                    w.run();
                }
            }
        }

        @Override
        public String toString() {
            return "I/O watch of " + key.channel();
        }
    }

    void add(SelectableChannel ch, Runnable callback, boolean read) {
        Objects.requireNonNull(ch, "channel");
        Objects.requireNonNull(callback, "callback");
        int ops = ch.validOps() & (read ? READ_OPS : WRITE_OPS);
        if (ops == 0) {
            throw new IllegalArgumentException("weft: " + ch + " cannot be watched for "
                    + (read ? "reading" : "writing") + " (its valid operations are " + ch.validOps() + ")");
        }
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("weft: " + ch + " is in blocking mode, and a loop can only watch "
                    + "non-blocking channels; call channel.configureBlocking(false) before add" + (read ? "Reader" : "Writer"));
        }
        Watch w = watchOf(ch);
        try {
            if (w == null) {
                SelectionKey key = ch.register(selector, 0);
                w = new Watch(key);
                key.attach(w);
            }
            if (read) {
                w.reader = callback;
            } else {
                w.writer = callback;
            }
            w.key.interestOpsOr(ops);
        } catch (ClosedChannelException | java.nio.channels.CancelledKeyException e) {
            throw new IllegalArgumentException("weft: " + ch + " is closed; a closed channel cannot be watched", e);
        }
    }

    boolean remove(SelectableChannel ch, boolean read) {
        Objects.requireNonNull(ch, "channel");
        Watch w = watchOf(ch);
        if (w == null || (read ? w.reader : w.writer) == null) {
            return false;
        }
        if (read) {
            w.reader = null;
        } else {
            w.writer = null;
        }
        if (w.key.isValid()) {
            w.key.interestOpsAnd(~(read ? READ_OPS : WRITE_OPS));
        }
        return true;
    }

    private Watch watchOf(SelectableChannel ch) {
        SelectionKey key = ch.keyFor(selector);
        return key != null && key.attachment() instanceof Watch w ? w : null;
    }

    /** Whether some open channel is watched (a virtual clock then waits, for a grace period). */
    boolean watching() {
        for (SelectionKey k : selector.keys()) {
            if (k.isValid() && k.interestOps() != 0) {
                return true;
            }
        }
        return false;
    }
}
