package io.squall.runner.action;

import java.io.IOException;
import java.util.List;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import io.squall.runner.process.ProcessRun;

/**
 * StackStorm local-shell-cmd: {@code bash -c <command>}. The operator already rendered the command's
 * Jinja, so it runs as is; like st2, the other parameters reach it only through that template (they
 * are not passed as arguments or environment variables).
 */
public final class ShellRunner implements ActionRunner {

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, IOException, InterruptedException {
        ActionSpec action = request.action();
        if (action.command == null || action.command.isBlank()) {
            throw new ActionConfigException("action.command", "is required by the shell runner");
        }
        ProcessRun run = context.processes().run(List.of("bash", "-c", action.command),
                context.environmentFor(action), context.workingDirectoryFor(action), context.timeout());
        return ShellResult.of(run, context.timeout());
    }
}
