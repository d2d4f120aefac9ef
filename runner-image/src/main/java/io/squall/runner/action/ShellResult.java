package io.squall.runner.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.runner.ActionOutcome;
import io.squall.runner.process.CapturedOutput;
import io.squall.runner.process.ProcessRun;
import java.time.Duration;

/**
 * The result shape of StackStorm's local-shell-cmd and local-shell-script runners:
 * {@code {succeeded, failed, return_code, stdout, stderr}} (+ {@code error} on timeout or cancel), with
 * stdout/stderr parsed when they are JSON. Squall adds {@code stdout_truncated_bytes} /
 * {@code stderr_truncated_bytes} when the output was longer than the bound.
 */
final class ShellResult {
    /** st2 reports a timed-out command with return code -9 (killed by SIGKILL). */
    static final int TIMEOUT_RETURN_CODE = -9;

    private ShellResult() {}

    static ActionOutcome of(ProcessRun run, Duration timeout) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        boolean succeeded = run.termination() == ProcessRun.Termination.EXITED && run.exitCode() == 0;
        result.put("succeeded", succeeded);
        result.put("failed", !succeeded);
        result.put(
                "return_code",
                run.termination() == ProcessRun.Termination.TIMED_OUT ? TIMEOUT_RETURN_CODE : run.exitCode());
        putOutput(result, "stdout", run.stdout(), true);
        putOutput(result, "stderr", run.stderr(), true);
        return switch (run.termination()) {
            case EXITED ->
                succeeded
                        ? ActionOutcome.succeeded(result)
                        : new ActionOutcome(Outcome.failed, result, "the command exited with code " + run.exitCode());
            case TIMED_OUT -> withError(result, Outcome.timedout, timedOutMessage(timeout));
            case CANCELED -> withError(result, Outcome.canceled, "the execution was canceled");
        };
    }

    /** st2's message for a run killed at its timeout. */
    static String timedOutMessage(Duration timeout) {
        return "Action failed to complete in " + timeout.toSeconds() + " seconds";
    }

    static ActionOutcome withError(ObjectNode result, Outcome outcome, String error) {
        result.put("error", error);
        return new ActionOutcome(outcome, result, error);
    }

    /** Puts the stream's text (parsed when asked and JSON) and, if its head was dropped, how many bytes. */
    static void putOutput(ObjectNode result, String name, CapturedOutput output, boolean parseJson) {
        String text = JsonText.stripShellChars(output.text());
        result.set(name, parseJson ? JsonText.parseIfJson(text) : result.textNode(text));
        if (output.droppedBytes() > 0) {
            result.put(name + "_truncated_bytes", output.droppedBytes());
        }
    }
}
