package io.squall.cli.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code squall run ACTION [name=value ...]}: StackStorm's st2 run, as an Execution on the cluster. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs an Action or Workflow (st2 run): creates an Execution, follows its phase and its "
                    + "workflow tasks, shows the runner's output as it is produced, prints the result.",
            "The live output (stdout to stdout, stderr to stderr, a workflow task's lines prefixed [task]) comes "
                    + "from NATS: --nats and its login as for squall kv. Without NATS one line on stderr says "
                    + "so, and the output is in the result. The result leaves out the output already shown.",
            "ACTION is the name of an Action or Workflow in the namespace, or a StackStorm ref (pack.action) "
                    + "as squall pack import names it (pack-action)."
        },
        footer = {
            "",
            "Exit status: 0 when it succeeded (or was created, with --async), 1 when it ended Failed, "
                    + "TimedOut, Canceled or Abandoned, 2 for bad usage, 3 when the cluster could not be reached, "
                    + "refused, has no such Action or Workflow, or --timeout passed."
        })
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "the Action or Workflow to run")
    String action;

    @Parameters(
            index = "1..*",
            paramLabel = "NAME=VALUE",
            description = "parameters (a JSON array or object value is "
                    + "passed as JSON; anything else as text, cast to the parameter's type)")
    List<String> parameters = new ArrayList<>();

    @Mixin
    KubeOptions kube;

    @Mixin
    ExecutionRun run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        run.validate();
        ExecutionSpec execution = new ExecutionSpec();
        execution.parameters = ParameterArguments.parse(parameters);
        execution.context = new ExecutionContext();
        execution.context.user = System.getProperty("user.name", "squall");
        try (KubernetesClient client = kube.client()) {
            Executions executions = new Executions(client, kube.namespace());
            Executions.Target target = executions.target(action);
            execution.action = target.target();
            return run.start(
                    executions,
                    execution.action.name,
                    execution,
                    target.secrets(),
                    spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }
}
