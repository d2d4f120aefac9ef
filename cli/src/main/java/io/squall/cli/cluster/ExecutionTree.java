package io.squall.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.InjectedTriggerId;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionContext;
import io.squall.api.v1alpha1.Names;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The causal tree of a set of Executions: a workflow task's execution under its workflow execution, and an execution
 * a rule started from a trigger that core-inject-trigger published under the execution that injected it (the trigger
 * id names it: {@link InjectedTriggerId}). Siblings and roots are in creation order.
 */
final class ExecutionTree {
    /** How an execution came from its parent in the tree. */
    enum Link {
        /** It runs a task of the parent workflow execution. */
        TASK,
        /** A rule started it from a trigger the parent execution injected. */
        TRIGGER
    }

    record Node(Execution execution, Link link, List<Node> children) {
        String name() {
            return execution.getMetadata().getName();
        }
    }

    private static final Comparator<Execution> CREATION = Comparator.comparing(ExecutionTree::created)
            .thenComparing(e -> e.getMetadata().getName());

    private ExecutionTree() {}

    static List<Node> of(Collection<Execution> executions) {
        Map<String, Execution> byName = new LinkedHashMap<>();
        executions.stream()
                .sorted(CREATION)
                .forEach(e -> byName.put(e.getMetadata().getName(), e));
        Map<String, List<Execution>> children = new LinkedHashMap<>();
        Map<String, Link> links = new LinkedHashMap<>();
        List<Execution> roots = new ArrayList<>();
        for (Execution e : byName.values()) {
            String parent = parentExecution(e);
            Link link = Link.TASK;
            if (parent == null) {
                parent = injector(e)
                        .filter(i -> sameUid(byName.get(i.execution()), i))
                        .map(InjectedTriggerId::execution)
                        .orElse(null);
                link = Link.TRIGGER;
            }
            if (parent == null
                    || !byName.containsKey(parent)
                    || parent.equals(e.getMetadata().getName())) {
                roots.add(e);
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(e);
                links.put(e.getMetadata().getName(), link);
            }
        }
        Set<String> placed = new HashSet<>();
        List<Node> tree = new ArrayList<>();
        for (Execution root : roots) {
            tree.add(node(root, null, children, links, placed));
        }
        // hand-made parent links may form a cycle that no root reaches: show those at the top rather than lose them
        for (Execution e : byName.values()) {
            if (!placed.contains(e.getMetadata().getName())) {
                tree.add(node(e, null, children, links, placed));
            }
        }
        return tree;
    }

    private static Node node(
            Execution e,
            Link link,
            Map<String, List<Execution>> children,
            Map<String, Link> links,
            Set<String> placed) {
        placed.add(e.getMetadata().getName());
        List<Node> below = new ArrayList<>();
        for (Execution child : children.getOrDefault(e.getMetadata().getName(), List.of())) {
            if (!placed.contains(child.getMetadata().getName())) {
                below.add(node(child, links.get(child.getMetadata().getName()), children, links, placed));
            }
        }
        return new Node(e, link, below);
    }

    /** The parent workflow execution's full name: the context, else the annotation (the label may be shortened). */
    static String parentExecution(Execution e) {
        if (context(e).parentExecution != null) {
            return context(e).parentExecution;
        }
        Map<String, String> annotations = e.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Names.ANNOTATION_PARENT);
    }

    /** The execution that injected the trigger a rule started this one from (same namespace), if any. */
    static Optional<InjectedTriggerId> injector(Execution e) {
        return InjectedTriggerId.parse(context(e).triggerId)
                .filter(i -> i.namespace().equals(e.getMetadata().getNamespace()));
    }

    /** Whether {@code e} is the very Execution that injected it (not a later namesake). */
    static boolean sameUid(Execution e, InjectedTriggerId injected) {
        return e != null && injected.uid().equals(e.getMetadata().getUid());
    }

    /** The trace tag core-inject-trigger gave the trigger it injected (its result records it), if this one did. */
    static String injectedTraceTag(Execution e) {
        JsonNode result = e.getStatus() == null ? null : e.getStatus().result;
        if (result == null
                || !result.path("trigger").isTextual()
                || !result.path("trigger_id").isTextual()) {
            return null;
        }
        JsonNode tag = result.get("trace_tag");
        return tag != null && tag.isTextual() ? tag.asText() : null;
    }

    static ExecutionContext context(Execution e) {
        return e.getSpec() == null || e.getSpec().context == null ? new ExecutionContext() : e.getSpec().context;
    }

    static Instant created(Execution e) {
        try {
            return Instant.parse(e.getMetadata().getCreationTimestamp());
        } catch (DateTimeParseException | NullPointerException ex) {
            return Instant.EPOCH; // not created by an API server (never the case when listed from one)
        }
    }
}
