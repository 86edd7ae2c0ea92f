package dev.weft.aio;

/** The task-runner contract on strands (continuation with weft's flags, hand-off without). */
class OnStrandRunnerTest implements TaskRunnerContract {
    @Override
    public TaskBackend backend() {
        return TaskBackend.STRAND;
    }
}
