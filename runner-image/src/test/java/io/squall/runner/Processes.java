package io.squall.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Looks at processes through /proc, independently of the code under test. */
public final class Processes {
    private Processes() {
    }

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

    /** The process-group id (field 5 of /proc/pid/stat). */
    public static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }
}
