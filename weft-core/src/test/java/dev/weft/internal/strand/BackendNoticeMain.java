package dev.weft.internal.strand;

import dev.weft.aio.Aio;
import dev.weft.aio.EventLoop;
import dev.weft.gen.Generator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a child JVM by {@link BackendNoticeTest}: uses several generators and, with the argument
 * {@code loops}, several event loops (with {@code virtual-loops}, each run on a virtual thread),
 * then prints the backends.
 */
final class BackendNoticeMain {
    private BackendNoticeMain() {
    }

    public static void main(String[] args) throws Exception {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            Generator<Integer, Void, Void> g = Generator.of(ctx -> {
                ctx.yield(1);
                ctx.yield(2);
                return null;
            });
            for (int x : g) {
                sum += x;
            }
        }
        String mode = args.length > 0 ? args[0] : "";
        StringBuilder loops = new StringBuilder();
        for (int i = 0; i < (mode.isEmpty() ? 0 : 3); i++) {
            AtomicReference<Object> out = new AtomicReference<>();
            Runnable run = () -> out.set(EventLoop.run(() -> {
                Aio.sleep(0.001);
                return EventLoop.current().taskBackend();
            }));
            if (mode.equals("virtual-loops")) {
                Thread.ofVirtual().start(() -> {
                    try {
                        run.run();
                    } catch (Throwable e) {
                        out.set(e.getMessage());
                    }
                }).join();
            } else {
                run.run();
            }
            loops.append(' ').append(out.get());
        }
        System.out.println("backend=" + Backend.defaultBackend() + " sum=" + sum + (mode.isEmpty() ? "" : " loops=" + loops.toString().strip()));
    }
}
