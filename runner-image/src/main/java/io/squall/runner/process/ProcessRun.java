package io.squall.runner.process;

/** How a child process ended and what it printed (masked and bounded). */
public record ProcessRun(int exitCode, Termination termination, CapturedOutput stdout, CapturedOutput stderr) {

    public enum Termination {
        /** The process ended by itself. */
        EXITED,
        /** The runner killed it when the action's timeout passed. */
        TIMED_OUT,
        /** The runner killed it because it was canceled (SIGTERM). */
        CANCELED
    }
}
