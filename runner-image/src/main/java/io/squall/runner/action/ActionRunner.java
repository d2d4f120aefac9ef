package io.squall.runner.action;

import io.squall.api.messages.ExecutionRequest;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import java.io.IOException;

/** One StackStorm runner type: runs the request's action and returns its outcome in that runner's result shape. */
public interface ActionRunner {

    ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, IOException, InterruptedException;
}
