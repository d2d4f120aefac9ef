package io.squall.runner.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionRequest;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;

/** StackStorm's noop runner (core.noop): does nothing and succeeds with {@code {failed: false, succeeded: true, return_code: 0}}. */
public final class NoopRunner implements ActionRunner {

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("failed", false);
        result.put("succeeded", true);
        result.put("return_code", 0);
        return ActionOutcome.succeeded(result);
    }
}
