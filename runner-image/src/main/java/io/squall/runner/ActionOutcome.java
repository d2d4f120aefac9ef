package io.squall.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.ExecutionResult.Outcome;

/** What one runner produced: the terminal outcome, the runner's result shape and, unless it succeeded, why. */
public record ActionOutcome(Outcome outcome, JsonNode result, String error) {

    public static ActionOutcome succeeded(JsonNode result) {
        return new ActionOutcome(Outcome.succeeded, result, null);
    }
}
