package io.squall.operator.workflow;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.squall.api.v1alpha1.WorkflowSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Squall Workflow's spec read as the Orquesta workflow it is (engine {@code workflow.spec.WorkflowSpec}): the
 * Squall-only {@code parameters} left out, every other field as written.
 */
public final class WorkflowGraph {

    /** Orquesta engine commands allowed in `do` besides task names. */
    public static final Set<String> ENGINE_COMMANDS = Set.of("continue", "fail", "noop", "retry");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final io.squall.engine.workflow.spec.WorkflowSpec spec;

    private WorkflowGraph(io.squall.engine.workflow.spec.WorkflowSpec spec) {
        this.spec = spec;
    }

    public static WorkflowGraph of(WorkflowSpec spec) {
        return new WorkflowGraph(orquesta(spec));
    }

    /** The Orquesta view of a Workflow spec. */
    @SuppressWarnings("unchecked")
    public static io.squall.engine.workflow.spec.WorkflowSpec orquesta(WorkflowSpec spec) {
        Map<String, Object> raw = spec == null ? new LinkedHashMap<>() : JSON.convertValue(spec, LinkedHashMap.class);
        raw.remove("parameters");
        return io.squall.engine.workflow.spec.WorkflowSpec.of(raw);
    }

    public io.squall.engine.workflow.spec.WorkflowSpec spec() {
        return spec;
    }

    public int taskCount() {
        return spec.tasks().size();
    }

    /** Tasks that no transition leads to, sorted (Orquesta's start tasks). */
    public List<String> startTasks() {
        return spec.startTasks();
    }
}
