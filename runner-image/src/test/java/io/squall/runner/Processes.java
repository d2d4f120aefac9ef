package io.squall.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Looks at processes through /proc, independently of the code under test. */
public final class Processes {
    private Processes() {}

    /** True while the process exists and is not a zombie (a killed process whose parent has not reaped it yet). */
    public static boolean isRunning(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return false;
        }
        char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
        return state != 'Z' && state != 'X';
    }

    /**
     * Waits until the process is gone (see {@link #isRunning}); false if it still runs after {@code within}.
     * A SIGKILL is delivered asynchronously: the killer's kill(2) returns before the target has exited.
     */
    public static boolean exitsWithin(long pid, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The process-group id (field 5 of /proc/pid/stat). */
    public static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }
}
