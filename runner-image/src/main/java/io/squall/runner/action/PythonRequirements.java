package io.squall.runner.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import io.squall.runner.process.ProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A python action's {@code requirements} (a pack's requirements.txt): {@code pip install --target} into the
 * attempt's own directory, which goes first on the action's PYTHONPATH. pip uses its usual settings from the
 * environment (PIP_INDEX_URL, PIP_FIND_LINKS...). Where no index is reachable the attempt fails saying so; an image
 * that already has the packages (spec.image, requirements left out) needs none.
 */
final class PythonRequirements {
    static final String FIELD = "action.requirements";

    private PythonRequirements() {}

    /**
     * Installs into {@code target}; empty when done (or nothing to install), else the failed, timed-out or
     * canceled outcome of the attempt.
     */
    static Optional<ActionOutcome> install(
            List<String> requirements, Path target, Map<String, String> env, RunContext context, Duration timeout)
            throws IOException, InterruptedException {
        if (requirements == null || requirements.stream().allMatch(r -> r == null || r.isBlank())) {
            return Optional.empty();
        }
        Path file = context.workDir().resolve("requirements.txt");
        Files.write(
                file,
                requirements.stream().filter(r -> r != null && !r.isBlank()).toList());
        Files.createDirectories(target);
        ProcessRun run = context.processes()
                .run(
                        List.of(
                                "python3",
                                "-m",
                                "pip",
                                "install",
                                "--target",
                                target.toString(),
                                "--no-input",
                                "--disable-pip-version-check",
                                "--no-cache-dir",
                                "--requirement",
                                file.toString()),
                        env,
                        context.workDir(),
                        timeout);
        return switch (run.termination()) {
            case TIMED_OUT ->
                Optional.of(failed(
                        Outcome.timedout,
                        run,
                        FIELD + ": pip install did not finish within " + "the action's " + timeout.toSeconds() + " s"));
            case CANCELED -> Optional.of(failed(Outcome.canceled, run, "the execution was canceled"));
            case EXITED ->
                run.exitCode() == 0 ? Optional.empty() : Optional.of(failed(Outcome.failed, run, message(run)));
        };
    }

    private static String message(ProcessRun run) {
        String stderr = run.stderr().text();
        if (stderr.contains("No module named pip")) {
            return FIELD + ": pip is not installed in the runner image (python3 -m pip: No module named pip); use an "
                    + "image with pip, or one that already has the packages (spec.image) and no requirements";
        }
        return FIELD + ": pip install failed with exit code " + run.exitCode() + lastError(stderr) + ". It needs a "
                + "reachable pip index (PIP_INDEX_URL, or wheels in PIP_FIND_LINKS); without one, run the action in "
                + "an image that already has the packages (spec.image) and leave requirements out";
    }

    /** pip's last ERROR line (what it could not find), else the last line. */
    private static String lastError(String stderr) {
        String found = null;
        for (String line : stderr.strip().split("\n")) {
            if (line.startsWith("ERROR:")) {
                found = line;
            }
        }
        if (found == null) {
            String trimmed = stderr.strip();
            found = trimmed.isEmpty() ? null : trimmed.substring(trimmed.lastIndexOf('\n') + 1);
        }
        return found == null ? "" : " (" + found.strip() + ")";
    }

    private static ActionOutcome failed(Outcome outcome, ProcessRun run, String error) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putNull("result");
        ShellResult.putOutput(result, "stdout", run.stdout(), false);
        ShellResult.putOutput(result, "stderr", run.stderr(), false);
        result.put("exit_code", run.exitCode());
        result.put("error", error);
        return new ActionOutcome(outcome, result, error);
    }
}
