package io.squall.runner.action;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import io.squall.runner.process.ProcessRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * StackStorm local-shell-script: the script (inline or from a ConfigMap) is written to a private temp
 * file and run with its {@code #!} interpreter or bash, with the parameters as {@code --name=value}
 * and positional arguments ({@link ScriptArguments}), and every parameter also in the environment as
 * {@code SQUALL_PARAM_<NAME>} ({@link ParameterEnvironment}). Same result shape as the shell runner.
 */
public final class ScriptRunner implements ActionRunner {

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, IOException, InterruptedException {
        ActionSpec action = request.action();
        String script = ScriptSource.load(action, context, "script");
        Path file = ScriptSource.write(script, context.workDir(), "action-script");
        List<String> command = new ArrayList<>(Interpreter.commandFor(script, file));
        Map<String, String> env = new HashMap<>(ParameterEnvironment.of(request.parameters(), context.workDir()));
        List<String> arguments = ScriptArguments.of(action.parameters, request.parameters());
        ParameterEnvironment.requireNoNul("arguments", arguments);
        command.addAll(arguments);
        env.putAll(context.environmentFor(action));
        ProcessRun run = context.processes().run(command, env, context.workingDirectoryFor(action), context.timeout());
        return ShellResult.of(run, context.timeout());
    }
}
