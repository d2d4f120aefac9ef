package io.squall.cli.cluster;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.TaskState;
import io.squall.cli.ClusterException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Follows an Execution until its phase is final: one line per change of its phase and of each workflow task
 * (phase, items done, child execution), and on a terminal a spinner line with the phase and the time so far.
 */
final class ExecutionFollower {
    private static final String SPINNER = "|/-\\";

    private final Executions executions;
    private final PrintWriter out;
    private final boolean terminal;
    private final Duration poll;
    private final BiConsumer<String, String> onTaskExecution;

    /**
     * @param onTaskExecution told each workflow task's execution (name, task) when it appears, e.g. to show its
     *                        live output; lines are printed under {@code out}'s lock, which the live output shares
     */
    ExecutionFollower(
            Executions executions,
            PrintWriter out,
            boolean terminal,
            Duration poll,
            BiConsumer<String, String> onTaskExecution) {
        this.executions = executions;
        this.out = out;
        this.terminal = terminal;
        this.poll = poll;
        this.onTaskExecution = onTaskExecution;
    }

    /** The Execution once final; a ClusterException when {@code timeout} (if any) passes first. */
    Execution follow(String name, Duration timeout) {
        long start = System.nanoTime();
        String lastPhase = null;
        String lastProgress = null;
        Map<String, String> tasks = new HashMap<>();
        for (int tick = 0; ; tick++) {
            Execution e = executions.get(name);
            ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
            String phase = ExecutionView.phase(e);
            boolean done = s.phase != null && s.phase.isFinal();
            if (!done && !phase.equals(lastPhase)) {
                line(name + ": " + phase);
                lastPhase = phase;
            }
            if (s.tasks != null) {
                for (TaskState t : s.tasks) {
                    String state = (t.phase == null ? "Requested" : t.phase.name())
                            + (t.items == null
                                    ? ""
                                    : ", " + (t.itemsDone == null ? 0 : t.itemsDone) + "/" + t.items + " items")
                            + (t.execution == null ? "" : " (" + t.execution + ")");
                    if (t.execution != null) {
                        onTaskExecution.accept(t.execution, ExecutionView.taskName(t));
                    }
                    if (!state.equals(tasks.put(ExecutionView.taskName(t), state))) {
                        line("  task " + ExecutionView.taskName(t) + ": " + state);
                    }
                }
            }
            if (s.progress != null && !s.progress.equals(lastProgress)) {
                lastProgress = s.progress;
                line("  progress " + s.progress);
            }
            if (done) { // after the tasks' last changes: the final phase is the last line before the result
                line(name + ": " + phase);
                clearSpinner();
                return e;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (timeout != null && elapsed.compareTo(timeout) > 0) {
                clearSpinner();
                throw new ClusterException(
                        name + " is still " + phase + " after " + timeout.toSeconds()
                                + " s; follow it with: squall execution get " + name,
                        null);
            }
            if (terminal) {
                synchronized (out) {
                    out.print("\r" + SPINNER.charAt(tick % SPINNER.length()) + " " + name + " " + phase + " "
                            + elapsed.toSeconds() + "s");
                    out.flush();
                }
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while following " + name, ie);
            }
        }
    }

    private void line(String text) {
        synchronized (out) {
            clearSpinner();
            out.println(text);
            out.flush();
        }
    }

    private void clearSpinner() {
        if (terminal) {
            synchronized (out) {
                out.print("\r\033[K");
                out.flush();
            }
        }
    }
}
