package io.squall.runner.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import java.io.PrintStream;

/**
 * Without NATS (debugging by hand: {@code java -jar squall-runner.jar request.json}) the result JSON is
 * printed to stdout, alone: the action's own output is streamed to stderr in this mode.
 */
public final class StdoutResultSink implements ResultSink {
    private final PrintStream out;

    public StdoutResultSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void deliver(ExecutionResult result) throws ResultNotDeliveredException {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new ResultNotDeliveredException("cannot serialise the result: " + e.getOriginalMessage(), e);
        }
        out.flush();
        if (out.checkError()) {
            throw new ResultNotDeliveredException("cannot write the result to stdout", null);
        }
    }
}
