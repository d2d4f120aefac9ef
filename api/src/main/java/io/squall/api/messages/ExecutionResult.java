package io.squall.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The outcome of one attempt, published by the runner to the results stream.
 *
 * @param result the runner's result shape (e.g. {succeeded, failed, return_code, stdout, stderr})
 * @param error  a human-readable reason when the attempt did not succeed
 */
public record ExecutionResult(
        String namespace,
        String execution,
        int attempt,
        Outcome outcome,
        JsonNode result,
        String error,
        Instant startedAt,
        Instant finishedAt) {

    /** Terminal outcomes a runner can report. */
    public enum Outcome {
        succeeded,
        failed,
        timedout,
        canceled
    }

    public String messageId() {
        return messageId(namespace, execution, attempt);
    }

    public String subject() {
        return Subjects.result(namespace, execution);
    }

    static String messageId(String namespace, String execution, int attempt) {
        return "result/" + namespace + "/" + execution + "/" + attempt;
    }
}
