package dev.weft.aio.net;

import dev.weft.aio.EventLoop;
import dev.weft.aio.Future;
import dev.weft.aio.Task;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A child process whose piped standard streams are weft streams: {@link #stdin()} a
 * {@link StreamWriter}, {@link #stdout()} and {@link #stderr()} {@link StreamReader}s. Nothing here
 * blocks the loop: each pipe is moved by a daemon platform thread (process pipes are not
 * selectable in Java), with backpressure, and the exit is watched through {@link Process#onExit()}.
 *
 * <pre>
 *   RUNNING  -> EXITED    // the process ended: returnCode() is set
 *   EXITED   -> FINISHED  // its output pipes reached end of file: waitFor() returns
 * </pre>
 *
 * {@snippet :
 * Subprocess p = Subprocess.exec("sort");
 * Subprocess.Output out = p.communicate("b\na\n".getBytes(UTF_8));
 * System.out.print(new String(out.stdout(), UTF_8)); // a, b
 * }
 *
 * <p>As in asyncio, a child that writes more than the readers' limits to a pipe nobody reads
 * blocks on that pipe; read it (or use {@link #communicate}) rather than only {@link #waitFor()}.
 * The pump threads end when their pipes end; {@link #waitFor()} returns only after that.
 *
 * <p>Python: {@code asyncio.create_subprocess_exec} and {@code asyncio.subprocess.Process}
 * ({@code wait} is {@link #waitFor()}, {@code returncode} is {@link #returnCode()}).
 */
public final class Subprocess {
    private final EventLoop loop;
    private final Process process;
    private final PipePump.In in;
    private final PipePump.Out out;
    private final PipePump.Out err;
    private final Future<Process> exited;
    private final Future<Void> finished;
    private int pumpsLeft;

    private Subprocess(EventLoop loop, ProcessBuilder pb) throws IOException {
        this.loop = loop;
        this.finished = loop.createFuture();
        this.process = pb.start();
        long pid = process.pid();
        String who = " of pid " + pid + " (" + pb.command().get(0) + ")";
        Runnable pumpEnded = this::pumpEnded;
        in = pb.redirectInput() == ProcessBuilder.Redirect.PIPE
                ? new PipePump.In(loop, "stdin" + who, process.getOutputStream(), pumpEnded) : null;
        out = pb.redirectOutput() == ProcessBuilder.Redirect.PIPE
                ? new PipePump.Out(loop, "stdout" + who, process.getInputStream(), StreamReader.DEFAULT_LIMIT, pumpEnded)
                : null;
        err = pb.redirectError() == ProcessBuilder.Redirect.PIPE && !pb.redirectErrorStream()
                ? new PipePump.Out(loop, "stderr" + who, process.getErrorStream(), StreamReader.DEFAULT_LIMIT, pumpEnded)
                : null;
        pumpsLeft = (in != null ? 1 : 0) + (out != null ? 1 : 0) + (err != null ? 1 : 0);
        if (in != null) {
            in.start("weft-subprocess-" + pid + "-stdin");
        }
        if (out != null) {
            out.start("weft-subprocess-" + pid + "-stdout");
        }
        if (err != null) {
            err.start("weft-subprocess-" + pid + "-stderr");
        }
        this.exited = Future.wrap(process.onExit(), loop);
        exited.addDoneCallback(f -> {
            if (in != null) {
                in.close(false); // the child is gone: nothing more can be written to it
            }
            checkFinished();
        });
        checkFinished();
    }

    /**
     * Starts {@code command} with all three standard streams piped.
     *
     * @throws IOException if the program cannot be started (not found, not executable)
     * @thread a task, or the loop's thread
     */
    public static Subprocess exec(String... command) throws IOException {
        return start(new ProcessBuilder(command));
    }

    /**
     * Starts the process {@code pb} describes; the streams it redirects to {@code PIPE} (the
     * default) become streams here, the others are null.
     *
     * @throws IOException if the program cannot be started
     * @thread a task, or the loop's thread
     */
    public static Subprocess start(ProcessBuilder pb) throws IOException {
        Objects.requireNonNull(pb, "pb");
        return new Subprocess(EventLoop.current(), pb);
    }

    private void pumpEnded() {
        pumpsLeft--;
        checkFinished();
    }

    private void checkFinished() {
        if (pumpsLeft == 0 && exited != null && exited.done() && !finished.done()) {
            finished.setResult(null);
        }
    }

    /** The child's standard input, or null if it is not piped. */
    public StreamWriter stdin() {
        return in == null ? null : in.writer();
    }

    /** The child's standard output, or null if it is not piped. */
    public StreamReader stdout() {
        return out == null ? null : out.reader();
    }

    /** The child's standard error, or null if it is not piped (or merged into stdout). */
    public StreamReader stderr() {
        return err == null ? null : err.reader();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The exit code once the process has ended (as the loop saw it), else null. */
    public Integer returnCode() {
        return exited.done() ? process.exitValue() : null;
    }

    /**
     * Waits until the process has ended and its output pipes have reached end of file; returns
     * the exit code.
     *
     * @suspends until then
     * @cancellation the process goes on running (kill it if it must stop)
     * @thread a task of the loop that started the process
     */
    public int waitFor() {
        finished.await();
        return process.exitValue();
    }

    /** The collected output of {@link #communicate}; null for a stream that is not piped. */
    public record Output(byte[] stdout, byte[] stderr, int returnCode) {
    }

    /**
     * Sends {@code input} (null: nothing) to stdin and closes it, reads stdout and stderr to the
     * end at the same time, and waits for the process to end.
     *
     * @throws IOException if a pipe failed (writing to a child that exited early is not an error)
     * @suspends until the process has ended and its output is read
     * @cancellation the helper tasks are cancelled; the process goes on running
     * @thread a task of the loop that started the process
     */
    public Output communicate(byte[] input) throws IOException {
        Task<Void> feeder = loop.createTask(() -> {
            StreamWriter w = stdin();
            if (w != null) {
                try {
                    if (input != null) {
                        w.write(input);
                        w.drain();
                    }
                } catch (IOException childGone) {
                    // asyncio ignores BrokenPipeError here too: the child's exit code tells the story
                } finally {
                    w.close();
                }
            }
            return null;
        }, "communicate stdin of pid " + pid());
        Task<byte[]> errTask = loop.createTask(() -> stderr() == null ? null : stderr().read(),
                "communicate stderr of pid " + pid());
        try {
            byte[] o = stdout() == null ? null : stdout().read();
            byte[] e = errTask.await();
            feeder.await();
            return new Output(o, e, waitFor());
        } finally {
            for (Task<?> t : List.of(feeder, errTask)) {
                t.cancel();
            }
        }
    }

    /**
     * Sends SIGTERM (the process may clean up). Does nothing if it has already ended.
     *
     * @thread any thread
     */
    public void terminate() {
        process.destroy();
    }

    /**
     * Sends SIGKILL. Does nothing if it has already ended.
     *
     * @thread any thread
     */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        Integer rc = returnCode();
        return "Subprocess[pid " + process.pid() + ", " + (rc == null ? "running" : "exited " + rc)
                + (finished.done() ? ", finished" : "") + "]";
    }
}
