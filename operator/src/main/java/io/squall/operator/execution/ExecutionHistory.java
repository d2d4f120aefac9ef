package io.squall.operator.execution;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The history policy: finished Executions that ended more than {@code ttl} ago go, and in each namespace only
 * the {@code maxCount} most recently ended are kept. Running executions are never touched, nor the finished
 * tasks of a workflow that still runs.
 */
public final class ExecutionHistory {

    private ExecutionHistory() {}

    public static List<Execution> toDelete(Collection<Execution> executions, Instant now, Duration ttl, int maxCount) {
        Instant cutoff = now.minus(ttl);
        // a finished task of a workflow that still runs is kept: its parent reads its result when it gets to it
        Set<String> unfinished = executions.stream()
                .filter(e -> !ExecutionTransitions.isFinal(e.getStatus()))
                .map(e -> e.getMetadata().getNamespace() + "/" + e.getMetadata().getName())
                .collect(Collectors.toSet());
        Map<String, List<Execution>> finishedByNamespace = executions.stream()
                .filter(e -> ExecutionTransitions.isFinal(e.getStatus()))
                .filter(e -> parent(e) == null
                        || !unfinished.contains(e.getMetadata().getNamespace() + "/" + parent(e)))
                .collect(Collectors.groupingBy(e -> e.getMetadata().getNamespace()));
        Set<Execution> doomed = new LinkedHashSet<>();
        for (List<Execution> finished : finishedByNamespace.values()) {
            List<Execution> newestFirst = new ArrayList<>(finished);
            newestFirst.sort(Comparator.comparing(ExecutionHistory::ended).reversed());
            for (int i = 0; i < newestFirst.size(); i++) {
                Execution execution = newestFirst.get(i);
                if (i >= maxCount || ended(execution).isBefore(cutoff)) {
                    doomed.add(execution);
                }
            }
        }
        return List.copyOf(doomed);
    }

    private static String parent(Execution execution) {
        var annotations = execution.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Names.ANNOTATION_PARENT);
    }

    /** When it finished; an execution without endTime (failed before it started) counts from its creation. */
    static Instant ended(Execution execution) {
        String end = execution.getStatus().endTime;
        if (end != null) {
            return Instant.parse(end);
        }
        String created = execution.getMetadata().getCreationTimestamp();
        return created == null ? Instant.EPOCH : Instant.parse(created);
    }
}
