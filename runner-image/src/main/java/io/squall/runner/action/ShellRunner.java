package io.squall.runner.action;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import io.squall.runner.process.ProcessRun;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * StackStorm local-shell-cmd: {@code bash -c <command>}. The operator already rendered the command's
 * Jinja, so it runs as is. Every parameter is also in the environment as {@code SQUALL_PARAM_<NAME>}
 * ({@link ParameterEnvironment}), the safe way to use a value in a command: {@code echo "$SQUALL_PARAM_NAME"}.
 */
public final class ShellRunner implements ActionRunner {

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, IOException, InterruptedException {
        ActionSpec action = request.action();
        if (action.command == null || action.command.isBlank()) {
            throw new ActionConfigException("action.command", "is required by the shell runner");
        }
        ParameterEnvironment.requireNoNul("action.command", action.command);
        Map<String, String> env = new HashMap<>(ParameterEnvironment.of(request.parameters(), context.workDir()));
        env.putAll(context.environmentFor(action));
        ProcessRun run = context.processes()
                .run(
                        List.of("bash", "-c", action.command),
                        env,
                        context.workingDirectoryFor(action),
                        context.timeout());
        return ShellResult.of(run, context.timeout());
    }
}
