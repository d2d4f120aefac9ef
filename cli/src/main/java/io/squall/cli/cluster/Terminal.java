package io.squall.cli.cluster;

/** Whether squall's stdout is a person's terminal (spinner, redrawn lines) or a pipe or file (plain lines). */
public final class Terminal {
    private static volatile boolean interactive;

    private Terminal() {}

    /** Set once by the main method: only a real console is interactive; tests and pipes are not. */
    public static void interactive(boolean value) {
        interactive = value;
    }

    static boolean interactive() {
        return interactive;
    }
}
