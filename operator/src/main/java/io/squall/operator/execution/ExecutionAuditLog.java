package io.squall.operator.execution;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.Audit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit line of an Execution's phase change (logger {@code squall.audit}): what a log pipeline (LogStash,
 * Splunk) needs to rebuild what {@code squall trace} shows without the API server — the Execution, its phase and
 * times, its action, and its lineage (trigger, rule, trace, parent, root, task). The fields are in the MDC, so the
 * JSON log format (the chart's default) carries each as its own field under {@code mdc}; the text format shows
 * them in the message.
 */
final class ExecutionAuditLog {
    private static final Logger AUDIT = Audit.LOG;
    private static final int MAX_ERROR_CHARS = 500;

    private ExecutionAuditLog() {}

    /** Logs {@code after}'s phase when it differs from {@code before}'s. */
    static void phaseChanged(Execution before, Execution after) {
        change(before, after).ifPresent(fields -> {
            fields.forEach(MDC::put);
            try {
                AUDIT.info(message(fields));
            } finally {
                fields.keySet().forEach(MDC::remove);
            }
        });
    }

    /** The audit fields when {@code after}'s phase differs from {@code before}'s, else empty. */
    static Optional<Map<String, String>> change(Execution before, Execution after) {
        ExecutionPhase from = phase(before);
        ExecutionPhase to = phase(after);
        return to == null || to == from ? Optional.empty() : Optional.of(fields(after, from));
    }

    /** The text form: the fields as {@code key=value}, in order. */
    static String message(Map<String, String> fields) {
        StringBuilder line = new StringBuilder();
        fields.forEach((k, v) ->
                line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return line.toString();
    }

    /** The audit fields of an Execution's change to its current phase, empty values left out. */
    static Map<String, String> fields(Execution e, ExecutionPhase from) {
        Map<String, String> f = new LinkedHashMap<>();
        ExecutionContext c = e.getSpec() == null ? null : e.getSpec().context;
        put(f, "event", "execution");
        put(f, "namespace", e.getMetadata().getNamespace());
        put(f, "execution", e.getMetadata().getName());
        put(f, "uid", e.getMetadata().getUid());
        put(f, "phase", phase(e) == null ? null : phase(e).name());
        put(f, "from", from == null ? null : from.name());
        if (e.getSpec() != null && e.getSpec().action != null) {
            put(
                    f,
                    "kind",
                    e.getSpec().action.kind == null
                            ? null
                            : e.getSpec().action.kind.name());
            put(f, "action", e.getSpec().action.name);
        }
        if (c != null) {
            put(f, "rule", c.rule);
            put(f, "trigger_id", c.triggerId);
            put(f, "trigger_type", c.triggerType);
            put(f, "trace_tag", c.traceTag);
            put(f, "parent", c.parentExecution);
            put(f, "root", c.rootExecution);
            put(f, "task", c.parentTask);
            put(f, "item", c.itemId == null ? null : c.itemId.toString());
        }
        put(f, "created", e.getMetadata().getCreationTimestamp());
        if (e.getStatus() != null) {
            put(f, "start", e.getStatus().startTime);
            put(f, "end", e.getStatus().endTime);
            put(f, "duration", e.getStatus().duration);
            put(
                    f,
                    "attempts",
                    e.getStatus().attempts == null
                            ? null
                            : e.getStatus().attempts.toString());
            String error = e.getStatus().error;
            put(
                    f,
                    "error",
                    error == null || error.length() <= MAX_ERROR_CHARS
                            ? error
                            : error.substring(0, MAX_ERROR_CHARS) + "...");
        }
        return f;
    }

    private static void put(Map<String, String> fields, String key, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(key, value);
        }
    }

    private static ExecutionPhase phase(Execution e) {
        return e == null || e.getStatus() == null ? null : e.getStatus().phase;
    }
}
