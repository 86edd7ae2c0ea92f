package dev.weft.aio;

/** The task-runner contract on loop-scheduled virtual threads (runs only with weft's flags). */
class LoopThreadRunnerTest implements TaskRunnerContract {
    @Override
    public TaskBackend backend() {
        return TaskBackend.LOOP;
    }
}
