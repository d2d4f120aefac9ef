package io.squall.runner.process;

import io.squall.api.messages.OutputEvent;
import io.squall.runner.Cancellation;
import io.squall.runner.SecretMasker;
import io.squall.runner.process.ProcessRun.Termination;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one child process the way StackStorm's local runner does: in its own session and process group
 * ({@code setsid}), so that on timeout or cancel the whole group (grandchildren included) is killed
 * with SIGKILL. The child's stdin is /dev/null; its output is streamed live and its tail captured.
 * <p>
 * {@code setsid} execs the command without forking (the JVM's child is never a group leader), so the
 * child's pid is its process-group id.
 */
public final class ProcessLauncher {
    /** How long to wait for the output pipes to drain after the group is gone. */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    private final SecretMasker masker;
    private final Cancellation cancellation;
    private final OutputStream liveStdout;
    private final OutputStream liveStderr;
    private final int outputLimitBytes;
    private final LiveOutput published;

    public ProcessLauncher(
            SecretMasker masker,
            Cancellation cancellation,
            OutputStream liveStdout,
            OutputStream liveStderr,
            int outputLimitBytes) {
        this(masker, cancellation, liveStdout, liveStderr, outputLimitBytes, LiveOutput.NONE);
    }

    /** @param published where the masked output goes too as it is produced (e.g. NATS, for squall run) */
    public ProcessLauncher(
            SecretMasker masker,
            Cancellation cancellation,
            OutputStream liveStdout,
            OutputStream liveStderr,
            int outputLimitBytes,
            LiveOutput published) {
        this.published = published;
        this.masker = masker;
        this.cancellation = cancellation;
        this.liveStdout = liveStdout;
        this.liveStderr = liveStderr;
        this.outputLimitBytes = outputLimitBytes;
    }

    /**
     * Runs the command to completion, or kills its process group when {@code timeout} passes or the run is
     * canceled. Processes the command left running in its group are killed when it exits: nothing of
     * an attempt outlives it.
     */
    public ProcessRun run(
            List<String> command, Map<String, String> environment, Path workingDirectory, Duration timeout)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(command.size() + 1);
        argv.add("setsid");
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);

        Process process = builder.start();
        OutputTail stdout = new OutputTail(outputLimitBytes);
        OutputTail stderr = new OutputTail(outputLimitBytes);
        Thread stdoutPump = startPump(
                "stdout",
                new StreamPump(
                        process.getInputStream(), masker, stdout, liveStdout, OutputEvent.Stream.stdout, published));
        Thread stderrPump = startPump(
                "stderr",
                new StreamPump(
                        process.getErrorStream(), masker, stderr, liveStderr, OutputEvent.Stream.stderr, published));

        AtomicReference<Termination> killedFor = new AtomicReference<>();
        cancellation.onCancel(() -> {
            if (killedFor.compareAndSet(null, Termination.CANCELED)) {
                killGroup(process);
            }
        });
        try {
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                    && killedFor.compareAndSet(null, Termination.TIMED_OUT)) {
                killGroup(process);
            }
            process.waitFor();
        } finally {
            cancellation.clear();
            // background processes the command left behind in its group, or everything if we were interrupted
            killGroup(process);
        }
        stdoutPump.join(DRAIN_WAIT.toMillis());
        stderrPump.join(DRAIN_WAIT.toMillis());
        Termination termination = killedFor.get() == null ? Termination.EXITED : killedFor.get();
        return new ProcessRun(process.exitValue(), termination, stdout.snapshot(), stderr.snapshot());
    }

    private static Thread startPump(String stream, StreamPump pump) {
        // daemon: a pipe held open by a process outside the group must not keep the runner alive
        Thread thread = new Thread(pump, "squall-" + stream + "-pump");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * SIGKILL to the process group, then to any descendant that left it (e.g. by calling setsid itself)
     * and to the leader (in case it was killed before setsid ran).
     */
    static void killGroup(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        signalGroup(process.pid());
        descendants.forEach(ProcessHandle::destroyForcibly);
        // the handle, not Process.destroyForcibly: that also closes the output pipes, and the pumps may not have
        // read the last of the output yet (it was lost when the JVM ran the pumps late)
        process.toHandle().destroyForcibly();
    }

    private static void signalGroup(long groupId) {
        // bash's builtin kill: Java cannot signal a process group, and bash is in the image anyway
        ProcessBuilder kill = new ProcessBuilder("bash", "-c", "kill -s KILL -- -" + groupId + " 2>/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process killer = kill.start();
            // exit status 1 only means the group is already gone (ESRCH), which is the goal
            if (!killer.waitFor(5, TimeUnit.SECONDS)) {
                killer.destroyForcibly();
                System.err.println("[squall-runner] kill of process group " + groupId + " did not return in 5 s");
            }
        } catch (IOException e) {
            System.err.println("[squall-runner] cannot kill process group " + groupId + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
