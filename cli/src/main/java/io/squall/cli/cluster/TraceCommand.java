package io.squall.cli.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.cli.ExitCodes;
import io.squall.cli.UsageException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code squall trace}: every Execution one event caused, as a tree (StackStorm's trace, on Execution labels). */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what one event caused: the Executions of a trace as a tree, oldest first, with phase, "
                    + "duration, rule, task and start time.",
            "A workflow task's execution is under its workflow's (indented); an execution a rule started from a "
                    + "trigger that another execution injected (core-inject-trigger) is under that one, marked "
                    + "'=> '.",
            "EXECUTION: its trace (label squall.io/trace), or its workflow tree when it has none. The traces of "
                    + "triggers injected on the way are followed."
        },
        footer = {
            "",
            "kubectl alone: kubectl get executions -l squall.io/trace=TAG --sort-by=.metadata.creationTimestamp",
            "",
            "Exit status: 0 shown, 2 bad usage, 3 the cluster could not be reached or has no such Execution, "
                    + "trace or trigger."
        })
public final class TraceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXECUTION", arity = "0..1", description = "an Execution of the trace")
    String execution;

    @Option(names = "--trace-tag", paramLabel = "TAG", description = "the trace tag (the trigger's trace_tag)")
    String traceTag;

    @Option(
            names = "--trigger-id",
            paramLabel = "ID",
            description = "the trigger instance id (squall execution list " + "-o wide shows it)")
    String triggerId;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "json|yaml",
            description = "the tree as json or yaml")
    String output;

    @Mixin
    KubeOptions kube;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long given = Stream.of(execution, traceTag, triggerId)
                .filter(Objects::nonNull)
                .count();
        if (given != 1) {
            throw UsageException.arguments("give one of EXECUTION, --trace-tag or --trigger-id");
        }
        if (output != null && !List.of("json", "yaml").contains(output)) {
            throw UsageException.arguments("-o is json or yaml, not " + output);
        }
        try (KubernetesClient client = kube.client()) {
            TraceFinder finder = new TraceFinder(new Executions(client, kube.namespace()));
            Collection<Execution> found = execution != null
                    ? finder.ofExecution(execution)
                    : traceTag != null ? finder.ofTraceTag(traceTag) : finder.ofTriggerId(triggerId);
            List<ExecutionTree.Node> tree = ExecutionTree.of(found);
            PrintWriter out = spec.commandLine().getOut();
            if (output != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("namespace", kube.namespace());
                doc.put("executions", tree.stream().map(TraceCommand::json).toList());
                ExecutionView.print(out, doc, output);
            } else {
                out.println(found.size() + " execution" + (found.size() == 1 ? "" : "s") + " in namespace "
                        + kube.namespace());
                List<List<String>> rows = new ArrayList<>();
                tree.forEach(n -> rows(n, 0, rows));
                ExecutionView.table(
                        out, List.of("NAME", "ACTION", "PHASE", "DURATION", "RULE", "TASK", "STARTED"), rows, "");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void rows(ExecutionTree.Node node, int depth, List<List<String>> rows) {
        Execution e = node.execution();
        ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
        ExecutionContext c = ExecutionTree.context(e);
        String mark = node.link() == ExecutionTree.Link.TRIGGER ? "=> " : "";
        rows.add(List.of(
                "  ".repeat(depth) + mark + node.name(),
                ExecutionView.kind(e) + " " + ExecutionView.action(e),
                ExecutionView.phase(e),
                text(s.duration),
                text(c.rule),
                text(c.parentTask),
                text(s.startTime)));
        node.children().forEach(child -> rows(child, depth + 1, rows));
    }

    private static Map<String, Object> json(ExecutionTree.Node node) {
        Execution e = node.execution();
        ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
        ExecutionContext c = ExecutionTree.context(e);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", node.name());
        m.put("kind", ExecutionView.kind(e));
        m.put("action", ExecutionView.action(e));
        m.put("phase", ExecutionView.phase(e));
        m.put("created", e.getMetadata().getCreationTimestamp());
        m.put("startTime", s.startTime);
        m.put("endTime", s.endTime);
        m.put("duration", s.duration);
        m.put("rule", c.rule);
        m.put("task", c.parentTask);
        m.put("triggerId", c.triggerId);
        m.put("triggerType", c.triggerType);
        m.put("traceTag", c.traceTag);
        m.put("via", node.link() == null ? null : node.link() == ExecutionTree.Link.TASK ? "task" : "trigger");
        m.values().removeIf(Objects::isNull);
        m.put("children", node.children().stream().map(TraceCommand::json).toList());
        return m;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
