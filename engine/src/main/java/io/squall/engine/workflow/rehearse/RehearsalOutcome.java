package io.squall.engine.workflow.rehearse;

import java.util.List;
import java.util.Map;

/**
 * What a rehearsal observed (task sequence in Orquesta's names, routes, status, errors, output, terminal tasks,
 * inspection errors, every dispatch round) and the expectations that did not hold, each a readable sentence.
 */
public record RehearsalOutcome(
        List<String> taskSequence,
        List<List<String>> routes,
        String workflowStatus,
        List<Map<String, Object>> errors,
        Map<String, Object> output,
        List<String> termTasks,
        Map<String, Object> inspectionErrors,
        List<List<Map<String, Object>>> dispatches,
        List<String> mismatches) {

    public boolean passed() {
        return mismatches.isEmpty();
    }
}
