package io.squall.engine.workflow.graph;

import io.squall.engine.workflow.spec.TaskSpec;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * Builds the {@link WorkflowGraph} of a spec as Orquesta's native composer does: breadth first from the start
 * tasks, marking join barriers, the splits on the way to each task, retry specs (a {@code do: retry} transition
 * becomes {@code {when: <condition or <% completed() %>>, count: 3}}), one edge per (transition, target).
 */
public final class GraphComposer {
    private GraphComposer() {}

    public static WorkflowGraph compose(WorkflowSpec spec) {
        WorkflowGraph graph = new WorkflowGraph();
        Queue<Map.Entry<String, List<String>>> q = new ArrayDeque<>();
        Map<String, Set<String>> trackSplits = new HashMap<>();
        for (String start : spec.startTasks()) {
            q.add(Map.entry(start, new ArrayList<>()));
        }
        while (!q.isEmpty()) {
            Map.Entry<String, List<String>> entry = q.poll();
            String name = entry.getKey();
            List<String> splits = entry.getValue();
            WorkflowGraph.Node node = graph.addTask(name);
            if (spec.isJoinTask(name)) {
                Object join = spec.task(name).join();
                node.barrier = "all".equals(join) ? "*" : join;
            }
            if (spec.isSplitTask(name) && !spec.inCycle(name)) {
                splits.add(name);
            }
            if (!splits.isEmpty()) {
                node.splits = List.copyOf(splits);
            }
            TaskSpec task = spec.task(name);
            Map<String, Object> retry = task.retry();
            if (retry != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("when", retry.get("when"));
                r.put("count", retry.get("count"));
                r.put("delay", retry.get("delay"));
                node.retry = r;
            }
            for (WorkflowSpec.NextTask next : spec.nextTasks(name)) {
                if (next.name().equals("retry")) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("when", next.condition() != null ? next.condition() : "<% completed() %>");
                    r.put("count", 3L);
                    node.retry = r;
                    continue;
                }
                if (!graph.hasTask(next.name()) || !spec.inCycle(next.name())) {
                    Set<String> existing = trackSplits.get(next.name());
                    if (existing != null && !existing.isEmpty()) {
                        if (!existing.containsAll(splits)) {
                            q.add(Map.entry(next.name(), new ArrayList<>(splits)));
                            existing.addAll(splits);
                        }
                    } else {
                        q.add(Map.entry(next.name(), new ArrayList<>(splits)));
                        trackSplits.put(next.name(), new HashSet<>(splits));
                    }
                }
                List<String> criteria = next.condition() != null ? List.of(next.condition()) : List.of();
                if (!graph.hasTransition(name, next.name(), criteria, next.ref())) {
                    graph.addTransition(name, next.name(), criteria, next.ref());
                }
            }
        }
        return graph;
    }
}
