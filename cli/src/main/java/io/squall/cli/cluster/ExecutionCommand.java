package io.squall.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.RerunSpec;
import io.squall.api.v1alpha1.TaskState;
import io.squall.cli.ClusterException;
import io.squall.cli.ExitCodes;
import io.squall.cli.NatsOptions;
import io.squall.cli.UsageException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code squall execution list|get|tail|logs|cancel|pause|resume|rerun}: StackStorm's st2 execution, on Executions. */
@Command(
        name = "execution",
        mixinStandardHelpOptions = true,
        description = "Executions on the cluster (st2 execution): list, get, tail, logs, cancel, pause, resume, rerun.",
        subcommands = {
            ExecutionCommand.ListExecutions.class,
            ExecutionCommand.Get.class,
            ExecutionCommand.Tail.class,
            ExecutionCommand.Cancel.class,
            ExecutionCommand.Pause.class,
            ExecutionCommand.Resume.class,
            ExecutionCommand.Rerun.class,
            ExecutionCommand.Logs.class
        })
public final class ExecutionCommand implements Runnable {
    @Override
    public void run() {
        throw UsageException.arguments(
                "execution needs a command: list, get, tail, logs, cancel, pause, resume or " + "rerun");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the Executions of the namespace, oldest first (st2 execution list).")
    static final class ListExecutions implements Callable<Integer> {
        @Mixin
        KubeOptions kube;

        @Option(names = "--action", paramLabel = "NAME", description = "only those of this Action or Workflow")
        String action;

        @Option(names = "--rule", paramLabel = "NAME", description = "only those a rule created")
        String rule;

        @Option(names = "--phase", paramLabel = "PHASE", description = "only those in this phase (e.g. Failed)")
        String phase;

        @Option(names = "--trigger-id", paramLabel = "ID", description = "only those this trigger instance caused")
        String triggerId;

        @Option(
                names = "--parent",
                paramLabel = "NAME",
                description = "only the task executions of this workflow execution")
        String parent;

        @Option(
                names = "--since",
                paramLabel = "DURATION",
                description = "only those created in the last DURATION " + "(e.g. 30m, 2h, 1d)")
        String since;

        @Option(names = "--limit", paramLabel = "N", description = "only the N most recent")
        Integer limit;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "wide|json|yaml",
                description = "wide: more columns; json or yaml: the objects")
        String output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (output != null && !List.of("wide", "json", "yaml").contains(output)) {
                throw UsageException.arguments("-o is wide, json or yaml, not " + output);
            }
            Instant after = since == null ? null : Instant.now().minus(duration(since));
            try (KubernetesClient client = kube.client()) {
                List<Execution> found = new ArrayList<>(new Executions(client, kube.namespace())
                        .list().stream()
                                .filter(e -> action == null || action.equals(ExecutionView.action(e)))
                                .filter(e -> phase == null || phase.equalsIgnoreCase(ExecutionView.phase(e)))
                                .filter(e -> rule == null || rule.equals(ExecutionTree.context(e).rule))
                                .filter(e -> triggerId == null || triggerId.equals(ExecutionTree.context(e).triggerId))
                                .filter(e -> parent == null || parent.equals(ExecutionTree.context(e).parentExecution))
                                .filter(e -> after == null
                                        || ExecutionTree.created(e).isAfter(after))
                                .sorted(Comparator.comparing(ExecutionTree::created)
                                        .thenComparing(e -> e.getMetadata().getName()))
                                .toList());
                if (limit != null && found.size() > limit) {
                    found = found.subList(found.size() - limit, found.size());
                }
                PrintWriter out = spec.commandLine().getOut();
                if (output != null && !output.equals("wide")) {
                    ExecutionView.print(out, Map.of("apiVersion", "v1", "kind", "List", "items", found), output);
                } else if (found.isEmpty()) {
                    spec.commandLine().getErr().println("No executions in namespace " + kube.namespace() + " match.");
                } else {
                    boolean wide = "wide".equals(output);
                    List<String> header = new ArrayList<>(List.of("NAME", "ACTION", "PHASE", "STARTED", "DURATION"));
                    if (wide) {
                        header.addAll(List.of("KIND", "PROGRESS", "CAUSED BY"));
                    }
                    List<List<String>> rows = new ArrayList<>();
                    for (Execution e : found) {
                        ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
                        List<String> row = new ArrayList<>(List.of(
                                e.getMetadata().getName(),
                                ExecutionView.action(e),
                                ExecutionView.phase(e),
                                s.startTime == null ? "" : s.startTime,
                                s.duration == null ? "" : s.duration));
                        if (wide) {
                            String cause = ExecutionView.cause(ExecutionTree.context(e));
                            row.addAll(List.of(
                                    ExecutionView.kind(e),
                                    s.progress == null ? "" : s.progress,
                                    cause == null ? "" : cause));
                        }
                        rows.add(row);
                    }
                    ExecutionView.table(out, header, rows, "");
                }
                out.flush();
                return ExitCodes.OK;
            }
        }

        private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

        static Duration duration(String text) {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw UsageException.arguments("--since is a number and s, m, h or d (e.g. 30m), not " + text);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Shows one Execution: phase, times, parameters, workflow tasks, result (st2 execution get).")
    static final class Get implements Callable<Integer> {
        @Mixin
        KubeOptions kube;

        @Parameters(paramLabel = "NAME", description = "the Execution")
        String name;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "json|yaml",
                description = "the object as json or yaml")
        String output;

        @Option(
                names = {"-w", "--watch"},
                description = "follow it until it finishes, then show it")
        boolean watch;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (output != null && !List.of("json", "yaml").contains(output)) {
                throw UsageException.arguments("-o is json or yaml, not " + output);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (KubernetesClient client = kube.client()) {
                Executions executions = new Executions(client, kube.namespace());
                Execution e = watch
                        ? new ExecutionFollower(
                                        executions,
                                        output == null
                                                ? out
                                                : spec.commandLine().getErr(),
                                        output == null && Terminal.interactive(),
                                        Duration.ofMillis(500),
                                        (task, execution) -> {})
                                .follow(name, null)
                        : executions.get(name);
                if (output != null) {
                    ExecutionView.print(out, e, output);
                } else {
                    ExecutionView.summary(out, e);
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = {
                "Follows an Execution until it ends: a line per change of its phase and of the phase of each "
                        + "of its workflow tasks' executions (indented, and theirs below them), from a watch.",
                "While they run, their runners' output as it is produced (stdout to stdout, stderr to stderr, a "
                        + "task's lines prefixed [task]), from NATS (--nats and its login, as for squall kv); "
                        + "without NATS, one line says so.",
                "An execution that has ended already: the lines of its last state."
            },
            footer = {
                "",
                "Exit status: 0 when it succeeded, 1 when it ended Failed, TimedOut, Canceled or Abandoned, "
                        + "3 when the cluster could not be reached, has no such Execution, or --timeout passed."
            })
    static final class Tail implements Callable<Integer> {
        /** How long to wait, once it has ended, for the end of its live output (it normally came first). */
        private static final Duration LIVE_OUTPUT_END = Duration.ofSeconds(2);
        /** ... or for any of it, when none arrived (a workflow, an operator-run action, a runner without NATS). */
        private static final Duration LIVE_OUTPUT_QUIET = Duration.ofMillis(250);

        @Mixin
        KubeOptions kube;

        @Mixin
        NatsOptions nats;

        @Parameters(paramLabel = "NAME", description = "the Execution")
        String name;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "stop following after this long (exit 3); " + "the execution goes on")
        Integer timeout;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (timeout != null && timeout < 1) {
                throw UsageException.arguments("--timeout needs a positive number of seconds");
            }
            PrintWriter out = spec.commandLine().getOut();
            Optional<LiveOutputPrinter> live = LiveOutputPrinter.subscribe(
                    nats, kube.namespace(), out, spec.commandLine().getErr(), out, false);
            try (KubernetesClient client = kube.client()) {
                Execution done = new ExecutionTail(
                                client,
                                kube.namespace(),
                                out,
                                (execution, task) -> live.ifPresent(l -> l.follow(execution, task)))
                        .follow(name, timeout == null ? null : Duration.ofSeconds(timeout));
                if (live.isPresent() && done.getStatus().attempts != null) {
                    live.get().streamed().awaitEnd(name, done.getStatus().attempts, LIVE_OUTPUT_END, LIVE_OUTPUT_QUIET);
                }
                return done.getStatus().phase == ExecutionPhase.Succeeded ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while waiting for the end of " + name + "'s output", e);
            } finally {
                live.ifPresent(LiveOutputPrinter::close);
            }
        }
    }

    /** cancel, pause and resume: one spec field set by a merge patch, refused on a finished execution. */
    abstract static class SpecChange implements Callable<Integer> {
        @Mixin
        KubeOptions kube;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "the Executions")
        List<String> names;

        @Spec
        CommandSpec spec;

        abstract String verb();

        abstract Map<String, Object> fields();

        @Override
        public Integer call() {
            int status = ExitCodes.OK;
            try (KubernetesClient client = kube.client()) {
                Executions executions = new Executions(client, kube.namespace());
                for (String name : names) {
                    Execution e = executions.get(name);
                    if (e.getStatus() != null
                            && e.getStatus().phase != null
                            && e.getStatus().phase.isFinal()) {
                        spec.commandLine()
                                .getErr()
                                .println("squall: " + name + " already ended " + e.getStatus().phase + ": nothing to "
                                        + verb());
                        status = ExitCodes.NOT_SUCCEEDED;
                        continue;
                    }
                    executions.patchSpec(name, fields());
                    spec.commandLine()
                            .getOut()
                            .println("execution " + name + ": " + verb() + " requested ("
                                    + fields().entrySet().iterator().next() + ")");
                }
            }
            spec.commandLine().getOut().flush();
            return status;
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancels running Executions (st2 execution cancel): sets spec.cancel to true.",
            footer = {"", "Exit status 1 when one of them had already ended."})
    static final class Cancel extends SpecChange {
        String verb() {
            return "cancel";
        }

        Map<String, Object> fields() {
            return Map.of("cancel", true);
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pauses running workflow Executions (st2 execution pause): sets spec.pause to true; running "
                    + "tasks finish, nothing new starts.",
            footer = {"", "Exit status 1 when one of them had already ended."})
    static final class Pause extends SpecChange {
        String verb() {
            return "pause";
        }

        Map<String, Object> fields() {
            return Map.of("pause", true);
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resumes paused workflow Executions (st2 execution resume): sets spec.pause to false.",
            footer = {"", "Exit status 1 when one of them had already ended."})
    static final class Resume extends SpecChange {
        String verb() {
            return "resume";
        }

        Map<String, Object> fields() {
            return Map.of("pause", false);
        }
    }

    @Command(
            name = "rerun",
            mixinStandardHelpOptions = true,
            description = {
                "Runs a finished Execution again (st2 execution re-run): a new Execution of the same Action "
                        + "or Workflow with the same parameters (NAME=VALUE overrides them; secret ones are read from "
                        + "the earlier one's Secret).",
                "For a workflow, spec.rerun names the earlier Execution and --tasks: it starts from those tasks "
                        + "(default: the ones that failed) and reuses the earlier results of the tasks before "
                        + "them."
            },
            footer = {"", "Exit status as for squall run."})
    static final class Rerun implements Callable<Integer> {
        @Mixin
        KubeOptions kube;

        @Parameters(index = "0", paramLabel = "NAME", description = "the earlier Execution")
        String name;

        @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "parameters to change")
        List<String> parameters = new ArrayList<>();

        @Option(names = "--tasks", split = ",", paramLabel = "TASK", description = "workflows: the tasks to run again")
        List<String> tasks;

        @Option(
                names = "--no-reset",
                split = ",",
                paramLabel = "TASK",
                description =
                        "workflows: with-items tasks among --tasks that run only their items that did not succeed")
        List<String> noReset;

        @Mixin
        ExecutionRun run;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            run.validate();
            try (KubernetesClient client = kube.client()) {
                Executions executions = new Executions(client, kube.namespace());
                Execution earlier = executions.get(name);
                if (earlier.getStatus() == null
                        || earlier.getStatus().phase == null
                        || !earlier.getStatus().phase.isFinal()) {
                    throw UsageException.input(
                            name + " is still " + ExecutionView.phase(earlier) + ": re-run an execution that has ended",
                            null);
                }
                boolean workflow = earlier.getSpec().action.kind == ActionKind.Workflow;
                if (!workflow && (tasks != null || noReset != null)) {
                    throw UsageException.arguments("--tasks and --no-reset are for workflows; " + name + " ran Action "
                            + earlier.getSpec().action.name);
                }
                ExecutionSpec next = new ExecutionSpec();
                next.action = earlier.getSpec().action;
                Map<String, JsonNode> earlierSecrets = new LinkedHashMap<>();
                next.parameters = parameters(executions, earlier, earlierSecrets);
                next.literalParameters = earlier.getSpec().literalParameters;
                next.context = new ExecutionContext();
                next.context.user = System.getProperty("user.name", "squall");
                if (workflow) {
                    next.rerun = new RerunSpec();
                    next.rerun.execution = name;
                    next.rerun.tasks = tasks;
                    next.rerun.noReset = noReset;
                }
                // what was secret then is secret now, whether or not the Action still exists as it was
                Set<String> secrets = new LinkedHashSet<>(earlierSecrets.keySet());
                secrets.addAll(executions.target(next.action.name).secrets());
                return run.start(
                        executions,
                        next.action.name,
                        next,
                        secrets,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
        }

        /** The earlier parameters, masked secrets read back from its Secret (into {@code secret}), then the overrides. */
        private Map<String, JsonNode> parameters(
                Executions executions, Execution earlier, Map<String, JsonNode> secret) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            Map<String, JsonNode> given =
                    earlier.getSpec().parameters == null ? Map.of() : earlier.getSpec().parameters;
            Map<String, JsonNode> secrets = null;
            for (Map.Entry<String, JsonNode> p : given.entrySet()) {
                JsonNode value = p.getValue();
                if (value.isTextual() && Names.MASK.equals(value.asText())) {
                    secrets = secrets == null ? executions.secretParameters(name) : secrets;
                    if (!secrets.containsKey(p.getKey())) {
                        throw UsageException.input(
                                "parameter " + p.getKey() + " of " + name + " is masked and Secret "
                                        + Names.secretParametersName(name) + " has no key " + p.getKey()
                                        + ": give it as " + p.getKey() + "=VALUE",
                                null);
                    }
                    value = secrets.get(p.getKey());
                    secret.put(p.getKey(), value);
                }
                values.put(p.getKey(), value);
            }
            values.putAll(ParameterArguments.parse(parameters));
            return values;
        }
    }

    @Command(
            name = "logs",
            mixinStandardHelpOptions = true,
            description = {
                "The runner's output of an Execution: the stdout and stderr its result holds (stdout to "
                        + "stdout, stderr to stderr); for a workflow, those of each task's execution, in task order.",
                "The runner reports its output with the result, when the attempt ends."
            })
    static final class Logs implements Callable<Integer> {
        @Mixin
        KubeOptions kube;

        @Parameters(paramLabel = "NAME", description = "the Execution")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (KubernetesClient client = kube.client()) {
                Executions executions = new Executions(client, kube.namespace());
                Execution e = executions.get(name);
                ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
                if (s.tasks != null && !s.tasks.isEmpty()) {
                    for (TaskState t : s.tasks) {
                        out.println("== task " + ExecutionView.taskName(t)
                                + (t.execution == null
                                        ? " (not started)"
                                        : " (" + t.execution + ", " + (t.phase == null ? "Requested" : t.phase) + ")"));
                        if (t.execution != null) {
                            print(executions.get(t.execution), out, err);
                        }
                    }
                } else {
                    print(e, out, err);
                }
            }
            out.flush();
            err.flush();
            return ExitCodes.OK;
        }

        private static void print(Execution e, PrintWriter out, PrintWriter err) {
            JsonNode result = e.getStatus() == null ? null : e.getStatus().result;
            if (result == null || !result.isObject() || !(result.has("stdout") || result.has("stderr"))) {
                err.println("squall: " + e.getMetadata().getName() + " (" + ExecutionView.phase(e) + ") has no output"
                        + (e.getStatus() != null
                                        && e.getStatus().phase != null
                                        && e.getStatus().phase.isFinal()
                                ? ""
                                : " yet: the runner reports it with the result"));
                return;
            }
            stream(result.get("stdout"), out);
            stream(result.get("stderr"), err);
        }

        /** Text as it is; a JSON value (the runner parses JSON output, as StackStorm does) as JSON. */
        private static void stream(JsonNode value, PrintWriter to) {
            if (value == null || value.isNull()) {
                return;
            }
            String text = value.isTextual() ? value.asText() : value.toString();
            to.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        }
    }
}
