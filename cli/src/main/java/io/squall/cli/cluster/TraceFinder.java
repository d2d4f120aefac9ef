package io.squall.cli.cluster;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import io.squall.cli.ClusterException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the Executions of one story in a namespace by their labels: those of a trace (label squall.io/trace), or of
 * one workflow tree (label squall.io/root) for an execution without a trace. core-inject-trigger links traces: the
 * trigger it injects may carry another trace tag (its result records it), and an execution a rule started from an
 * injected trigger names its injector in its trigger id. Both ways are followed, so a trace shows the governor run
 * that pulsed it, and the governor's trace shows what its pulses started.
 */
final class TraceFinder {
    private final Executions executions;
    private final Map<String, Execution> found = new LinkedHashMap<>();
    private final Set<String> labelsListed = new HashSet<>();
    private final Set<String> injectorsLooked = new HashSet<>();

    TraceFinder(Executions executions) {
        this.executions = executions;
    }

    Collection<Execution> ofExecution(String name) {
        addStoryOf(executions.get(name));
        return followInjectedTriggers();
    }

    Collection<Execution> ofTraceTag(String tag) {
        addTrace(tag);
        if (found.isEmpty()) {
            throw new ClusterException(
                    "no Executions with trace tag " + tag + " (label " + Names.LABEL_TRACE + "=" + LabelValues.of(tag)
                            + ") in namespace " + executions.namespace(),
                    null);
        }
        return followInjectedTriggers();
    }

    /** What one trigger instance caused: the executions rules started from it, and their traces. */
    Collection<Execution> ofTriggerId(String id) {
        List<Execution> started = executions.withLabel(Names.LABEL_TRIGGER_ID, id).stream()
                .filter(e -> id.equals(ExecutionTree.context(e).triggerId))
                .toList();
        if (started.isEmpty()) {
            throw new ClusterException(
                    "no Executions caused by trigger " + id + " (label " + Names.LABEL_TRIGGER_ID + "="
                            + LabelValues.of(id) + ") in namespace " + executions.namespace(),
                    null);
        }
        started.forEach(this::addStoryOf);
        return followInjectedTriggers();
    }

    private Collection<Execution> followInjectedTriggers() {
        Deque<Execution> pending = new ArrayDeque<>(found.values());
        while (!pending.isEmpty()) {
            Execution e = pending.pop();
            String tag = ExecutionTree.injectedTraceTag(e);
            if (tag != null) {
                pending.addAll(addTrace(tag));
            }
            ExecutionTree.injector(e).ifPresent(injected -> {
                if (!found.containsKey(injected.execution()) && injectorsLooked.add(injected.execution())) {
                    executions
                            .find(injected.execution())
                            .filter(i -> ExecutionTree.sameUid(i, injected))
                            .ifPresent(i -> pending.addAll(addStoryOf(i)));
                }
            });
        }
        return found.values();
    }

    /** The execution, and its trace, else its workflow tree; returns those not found before. */
    private List<Execution> addStoryOf(Execution e) {
        List<Execution> added = new ArrayList<>(add(List.of(e)));
        String trace = traceTag(e);
        if (trace != null) {
            added.addAll(addTrace(trace));
        } else {
            String root = ExecutionTree.context(e).rootExecution;
            if (root != null && !found.containsKey(root)) {
                executions.find(root).ifPresent(r -> added.addAll(add(List.of(r))));
            }
            added.addAll(addLabelled(
                    Names.LABEL_ROOT, root != null ? root : e.getMetadata().getName()));
        }
        return added;
    }

    private List<Execution> addTrace(String tag) {
        return addLabelled(Names.LABEL_TRACE, tag);
    }

    /** Adds the executions of that label (once per label); returns those not found before. */
    private List<Execution> addLabelled(String key, String value) {
        if (!labelsListed.add(key + "=" + LabelValues.of(value))) {
            return List.of();
        }
        return add(executions.withLabel(key, value));
    }

    private List<Execution> add(List<Execution> more) {
        return more.stream()
                .filter(e -> found.putIfAbsent(e.getMetadata().getName(), e) == null)
                .toList();
    }

    /** The trace tag as the context records it, else the label (its label value form selects the same). */
    private static String traceTag(Execution e) {
        if (ExecutionTree.context(e).traceTag != null) {
            return ExecutionTree.context(e).traceTag;
        }
        Map<String, String> labels = e.getMetadata().getLabels();
        return labels == null ? null : labels.get(Names.LABEL_TRACE);
    }
}
