package io.squall.cli;

/** The exit status of every squall command (shown by {@code squall --help}). */
public final class ExitCodes {
    /** Done: the rule was tested, the rehearsal held, the pack was imported whole, the execution succeeded. */
    public static final int OK = 0;
    /**
     * Done, but the outcome is a failure: a rehearsal expectation does not hold, inspection found errors, pack import
     * left something out, the execution ended Failed, TimedOut, Canceled or Abandoned.
     */
    public static final int NOT_SUCCEEDED = 1;
    /** Bad usage or an input file that cannot be used. */
    public static final int USAGE = 2;
    /** The cluster could not be reached, refused the request, or has no such object. */
    public static final int CLUSTER = 3;
    /** A bug in squall: the stack trace is printed. */
    public static final int INTERNAL = 4;

    /** The footer of {@code squall --help}: one line each, short enough that picocli does not wrap them. */
    static final String[] HELP = {
        "Exit status:",
        "  0  done: the rule tested, the rehearsal held, the pack imported whole,",
        "     the execution succeeded",
        "  1  done, not a success: a rehearsal mismatch, inspection errors, pack import",
        "     left something out, the execution ended Failed, TimedOut, Canceled or",
        "     Abandoned",
        "  2  bad usage or an input file that cannot be used",
        "  3  the cluster could not be reached, refused the request, or lacks the object",
        "  4  a bug in squall (stack trace printed)"
    };

    private ExitCodes() {}
}
