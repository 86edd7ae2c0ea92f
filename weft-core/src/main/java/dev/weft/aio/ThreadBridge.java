package dev.weft.aio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The loop's doors to other threads: coroutines submitted from outside, work sent outside. */
final class ThreadBridge {
    /*
     * Platform threads, not virtual ones: a virtual thread started from inside a loop-scheduled task
     * would inherit the loop as its scheduler and run on the loop thread, not beside it.
     */
    private static final java.util.concurrent.ExecutorService DEFAULT = java.util.concurrent.Executors
            .newCachedThreadPool(Thread.ofPlatform().daemon().name("weft-to-thread-", 0).factory());

    private ThreadBridge() {
    }

    static <T> CompletableFuture<T> runCoroutineThreadsafe(EventLoop loop, Callable<T> coro) {
        CompletableFuture<Task<T>> started = new CompletableFuture<>();
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                // refused only once the loop closes, and closing cancels the task anyway
                if (r && loop.core.entries.offer(new Handle(loop, () -> started.thenAccept(Task::cancel)))) {
                    loop.wakeup();
                }
                return r;
            }
        };
        loop.callSoonThreadsafe(() -> {
            if (cf.isDone()) {
                return;
            }
            Task<T> t = loop.createTask(coro);
            started.complete(t);
            t.addDoneCallback(f -> Future.copyTo(f, cf));
        });
        return cf;
    }

    static <T> Future<T> runInExecutor(EventLoop loop, Executor executor, Callable<T> fn) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Context ctx = Context.copyContext();
        Runnable job = () -> {
            try {
                cf.complete(ctx.run(fn));
            } catch (Throwable t) {
                cf.completeExceptionally(t);
            }
        };
        Future<T> f = Future.wrap(cf, loop);
        if (executor == null) {
            DEFAULT.execute(job);
        } else {
            executor.execute(job);
        }
        return f;
    }
}
