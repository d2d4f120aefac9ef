package io.squall.cli.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squall.cli.UsageException;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.graph.GraphComposer;
import io.squall.engine.workflow.graph.WorkflowGraph;
import io.squall.engine.workflow.inspect.WorkflowInspector;
import io.squall.engine.workflow.rehearse.Rehearsal;
import io.squall.engine.workflow.rehearse.RehearsalOutcome;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code squall workflow rehearse|inspect|graph}: Orquesta's orquesta-rehearse, the workflow inspection, and a
 * picture of the task graph (Mermaid or Graphviz DOT), all offline.
 */
@Command(
        name = "workflow",
        mixinStandardHelpOptions = true,
        description = "Orquesta workflows, offline: rehearse, inspect, graph.",
        footer = {"", "Exit status 2 for bad usage or an unreadable file."})
public final class WorkflowCommand implements Runnable {
    /** The keys of Orquesta's rehearsal spec (WorkflowTestCase); any other key is refused, as Orquesta does. */
    static final Set<String> SPEC_KEYS = Set.of(
            "workflow",
            "inputs",
            "expected_inspection_errors",
            "expected_routes",
            "expected_task_sequence",
            "mock_action_executions",
            "expected_term_tasks",
            "expected_workflow_status",
            "expected_errors",
            "expected_output");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Expressions expressions = Expressions.standard(KvLookup.EMPTY);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw UsageException.arguments("workflow needs a command: rehearse, inspect or graph");
    }

    @Command(
            name = "rehearse",
            mixinStandardHelpOptions = true,
            description = {
                "Orquesta's orquesta-rehearse: runs the workflow of each rehearsal spec (workflow, inputs, "
                        + "mock_action_executions, expected_task_sequence, expected_routes, expected_workflow_status, "
                        + "expected_output, expected_errors, expected_term_tasks, expected_inspection_errors) and prints "
                        + "what ran and each expectation that does not hold."
            },
            footer = {"", "Exit status: 0 when all hold, 1 when one does not, 2 for bad usage or an unreadable file."})
    int rehearse(
            @Parameters(paramLabel = "SPEC", arity = "0..*", description = "rehearsal spec files") List<String> files,
            @Option(names = "--json", description = "one JSON object per spec") boolean json) {
        return rehearse(needFiles("rehearse", files), json, out());
    }

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = "Orquesta's inspection of an Orquesta workflow file or a Squall Workflow manifest: syntax, "
                    + "semantics, expressions, context.",
            footer = {"", "Exit status: 0 when clean, 1 with errors listed, 2 for bad usage or an unreadable file."})
    int inspect(
            @Parameters(
                            paramLabel = "FILE",
                            arity = "0..*",
                            description =
                                    "workflow files (FILE#name picks a Workflow manifest of a multi-document file)")
                    List<String> files,
            @Option(names = "--json", description = "one JSON object per file") boolean json) {
        return inspect(needFiles("inspect", files), json, out());
    }

    @Command(
            name = "graph",
            mixinStandardHelpOptions = true,
            description = "The task graph as a Mermaid flowchart (default) or Graphviz DOT.")
    int graph(
            @Parameters(paramLabel = "FILE", arity = "0..*", description = "workflow files") List<String> files,
            @Option(
                            names = "--format",
                            paramLabel = "mermaid|dot",
                            defaultValue = "mermaid",
                            description = "mermaid (default) or dot")
                    String format) {
        needFiles("graph", files);
        if (!List.of("mermaid", "dot").contains(format)) {
            throw UsageException.arguments("--format is mermaid or dot, not " + format);
        }
        for (String f : files) {
            out().print(graph(WorkflowFiles.workflow(Path.of(f)), format));
        }
        out().flush();
        return 0;
    }

    private static List<String> needFiles(String command, List<String> files) {
        if (files == null || files.isEmpty()) {
            throw UsageException.arguments("workflow " + command + " needs a file");
        }
        return files;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    // ---- rehearse -----------------------------------------------------------------------------------------

    private int rehearse(List<String> files, boolean json, PrintWriter out) {
        boolean allPassed = true;
        for (String f : files) {
            Path specFile = Path.of(f);
            Map<String, Object> spec = WorkflowFiles.mapping(specFile);
            for (String key : spec.keySet()) {
                if (!SPEC_KEYS.contains(key)) {
                    throw UsageException.input(
                            specFile + ": unknown key '" + key + "' (a rehearsal spec has "
                                    + String.join(
                                            ", ", SPEC_KEYS.stream().sorted().toList()) + ")",
                            null);
                }
            }
            for (String required : List.of("workflow", "expected_task_sequence")) {
                if (!spec.containsKey(required)) {
                    throw UsageException.input(specFile + ": '" + required + "' is required", null);
                }
            }
            Path dir = specFile.toAbsolutePath().getParent();
            Path workflowFile = dir.resolve(String.valueOf(spec.get("workflow")));
            WorkflowSpec workflow = WorkflowFiles.workflow(workflowFile);
            RehearsalOutcome o;
            try {
                o = new Rehearsal(expressions, dir).run(workflow, spec).outcome();
            } catch (RuntimeException e) {
                throw UsageException.input(specFile + ": " + e.getMessage(), e);
            }
            allPassed &= o.passed();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("spec", f);
                result.put("workflow", workflowFile.toString());
                result.put("passed", o.passed());
                result.put("taskSequence", o.taskSequence());
                result.put("routes", o.routes());
                result.put("status", o.workflowStatus());
                result.put("output", o.output());
                result.put("errors", o.errors());
                result.put("termTasks", o.termTasks());
                result.put("inspectionErrors", o.inspectionErrors());
                result.put("mismatches", o.mismatches());
                out.println(toJson(result));
            } else {
                out.println("spec:          " + f);
                out.println("workflow:      " + workflowFile);
                if (!o.inspectionErrors().isEmpty()) {
                    out.println("inspection:    " + toJson(o.inspectionErrors()));
                }
                out.println("task sequence: " + String.join(", ", o.taskSequence()));
                out.println("routes:        " + toJson(o.routes()));
                out.println("status:        " + o.workflowStatus());
                out.println("output:        " + toJson(o.output()));
                out.println("errors:        " + toJson(o.errors()));
                out.println("term tasks:    " + String.join(", ", o.termTasks()));
                if (o.passed()) {
                    out.println("PASS");
                } else {
                    o.mismatches().forEach(m -> out.println("MISMATCH " + m));
                    out.println("FAIL");
                }
            }
        }
        out.flush();
        return allPassed ? 0 : 1;
    }

    // ---- inspect ------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private int inspect(List<String> files, boolean json, PrintWriter out) {
        boolean clean = true;
        for (String f : files) {
            Map<String, Object> errors = new WorkflowInspector(expressions).inspect(WorkflowFiles.workflow(Path.of(f)));
            clean &= errors.isEmpty();
            if (json) {
                out.println(toJson(Map.of("file", f, "errors", errors)));
                continue;
            }
            if (errors.isEmpty()) {
                out.println(f + ": no errors");
            }
            errors.forEach((category, list) -> {
                for (Map<String, Object> e : (List<Map<String, Object>>) list) {
                    Object path = e.get("spec_path");
                    out.println(f + ": " + category + ": " + (path == null ? "" : path + ": ") + e.get("message")
                            + (e.get("expression") == null ? "" : " [" + e.get("expression") + "]"));
                }
            });
        }
        out.flush();
        return clean ? 0 : 1;
    }

    // ---- graph --------------------------------------------------------------------------------------------

    static String graph(WorkflowSpec spec, String format) {
        WorkflowGraph graph = GraphComposer.compose(spec);
        StringBuilder sb = new StringBuilder();
        boolean dot = format.equals("dot");
        sb.append(dot ? "digraph workflow {\n  rankdir=TB;\n" : "flowchart TD\n");
        for (WorkflowGraph.Node n : graph.nodes()) {
            String label = n.id();
            if (spec.tasks().containsKey(n.id())) {
                var t = spec.task(n.id());
                if (t.action() != null) {
                    label += "\\n" + t.action();
                }
                if (t.hasItems()) {
                    label += "\\nwith " + t.with().get("items");
                }
                if (n.barrier() != null) {
                    label += "\\njoin " + ("*".equals(n.barrier()) ? "all" : n.barrier());
                }
            }
            if (dot) {
                sb.append("  \"")
                        .append(n.id())
                        .append("\" [label=\"")
                        .append(label.replace("\"", "\\\""))
                        .append("\"")
                        .append(spec.tasks().containsKey(n.id()) ? ", shape=box" : ", shape=ellipse")
                        .append("];\n");
            } else {
                String text = label.replace("\\n", "<br/>").replace("\"", "#quot;");
                sb.append("  ")
                        .append(id(n.id()))
                        .append(spec.tasks().containsKey(n.id()) ? "[\"" + text + "\"]" : "([\"" + text + "\"])")
                        .append('\n');
            }
        }
        for (WorkflowGraph.Edge e : graph.edges()) {
            String when = e.criteria().isEmpty() ? "" : e.criteria().get(0);
            if (dot) {
                sb.append("  \"")
                        .append(e.source())
                        .append("\" -> \"")
                        .append(e.target())
                        .append("\"")
                        .append(when.isEmpty() ? "" : " [label=\"" + when.replace("\"", "\\\"") + "\"]")
                        .append(";\n");
            } else {
                sb.append("  ")
                        .append(id(e.source()))
                        .append(" -->")
                        .append(when.isEmpty() ? " " : "|\"" + when.replace("\"", "#quot;") + "\"| ")
                        .append(id(e.target()))
                        .append('\n');
            }
        }
        if (dot) {
            sb.append("}\n");
        }
        return sb.toString();
    }

    /** Mermaid node ids: engine commands get a prefix so `continue`/`fail` are never keywords. */
    private static String id(String task) {
        return "t_" + task;
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return Values.pyRepr(o);
        }
    }
}
