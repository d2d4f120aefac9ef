package io.squall.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.TaskState;
import io.squall.api.v1alpha1.WorkflowError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How executions are shown: a summary (get), a table (list, with more columns for wide), or the object as JSON/YAML. */
final class ExecutionView {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private ExecutionView() {}

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yaml(Object o) {
        try {
            return YAML.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The object as json or yaml (-o json|yaml). */
    static void print(PrintWriter out, Object o, String format) {
        out.print(format.equals("json") ? json(o) + "\n" : yaml(o));
    }

    static String kind(Execution e) {
        return e.getSpec() != null && e.getSpec().action != null && e.getSpec().action.kind != null
                ? e.getSpec().action.kind.name()
                : "Action";
    }

    static String action(Execution e) {
        return e.getSpec() == null || e.getSpec().action == null ? "" : e.getSpec().action.name;
    }

    static String phase(Execution e) {
        return e.getStatus() == null || e.getStatus().phase == null
                ? "Requested"
                : e.getStatus().phase.name();
    }

    static void summary(PrintWriter out, Execution e) {
        ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
        row(out, "name", e.getMetadata().getName());
        row(out, "action", kind(e) + " " + action(e));
        row(out, "phase", phase(e));
        row(out, "started", s.startTime);
        row(out, "ended", s.endTime);
        row(out, "duration", s.duration);
        row(out, "attempts", s.attempts == null ? null : s.attempts.toString());
        row(out, "caused by", cause(e.getSpec() == null ? null : e.getSpec().context));
        if (e.getSpec() != null
                && e.getSpec().parameters != null
                && !e.getSpec().parameters.isEmpty()) {
            row(out, "parameters", oneLine(e.getSpec().parameters));
        }
        row(out, "progress", s.progress);
        if (s.tasks != null && !s.tasks.isEmpty()) {
            out.println("tasks:");
            table(
                    out,
                    List.of("TASK", "PHASE", "EXECUTION", "ITEMS", "RETRIES"),
                    s.tasks.stream().map(ExecutionView::taskRow).toList(),
                    "  ");
        }
        result(out, s);
    }

    /** The result (YAML, indented), the error and the workflow's errors: what `run` prints at the end. */
    static void result(PrintWriter out, ExecutionStatus s) {
        result(out, s, s.result);
    }

    /** The status's result as {@code result} (e.g. without the output already streamed live), and its errors. */
    static void result(PrintWriter out, ExecutionStatus s, JsonNode result) {
        if (result != null && !result.isNull()) {
            out.println("result:"
                    + (s.resultTruncated != null && s.resultTruncated
                            ? " (truncated; whole at " + s.resultRef + ")"
                            : ""));
            yaml(result).lines().forEach(l -> out.println("  " + l));
        }
        if (s.error != null) {
            out.println("error: " + s.error);
        }
        if (s.errors != null) {
            for (WorkflowError w : s.errors) {
                out.println("error: " + oneLine(w));
            }
        }
    }

    static String taskName(TaskState t) {
        return t.route == null || t.route == 0 ? t.name : t.name + "__r" + t.route;
    }

    private static List<String> taskRow(TaskState t) {
        return List.of(
                taskName(t),
                t.phase == null ? "" : t.phase.name(),
                t.execution == null ? "" : t.execution,
                t.items == null ? "" : (t.itemsDone == null ? 0 : t.itemsDone) + "/" + t.items,
                t.retries == null ? "" : t.retries.toString());
    }

    static String cause(ExecutionContext c) {
        if (c == null) {
            return null;
        }
        if (c.parentExecution != null) {
            return "workflow " + c.parentExecution + " task " + c.parentTask;
        }
        if (c.rule != null) {
            return "rule " + c.rule + (c.triggerType == null ? "" : " on " + c.triggerType)
                    + (c.triggerId == null ? "" : " (trigger " + c.triggerId + ")");
        }
        return c.user == null ? null : "user " + c.user;
    }

    static String oneLine(Object o) {
        try {
            return new ObjectMapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            return String.valueOf(o);
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("%-11s %s%n", key + ":", value);
        }
    }

    /** Columns padded to their widest cell, like kubectl get. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows, String indent) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        for (List<String> r : all) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + (widths[i] + 3) + "s", r.get(i)));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
