package io.squall.engine.workflow.graph;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tarjan's strongly connected components, iterative so a 10,000-task chain cannot overflow the stack. */
final class StronglyConnected {
    private final Collection<String> nodes;
    private final Map<String, List<WorkflowGraph.Edge>> outbound;

    StronglyConnected(Collection<String> nodes, Map<String, List<WorkflowGraph.Edge>> outbound) {
        this.nodes = nodes;
        this.outbound = outbound;
    }

    /** Nodes on some cycle: in a component with more than one node, or with an edge to themselves. */
    Set<String> cyclicNodes() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        Set<String> cyclic = new HashSet<>();
        int[] counter = {0};
        for (String start : nodes) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Map.Entry<String, Iterator<WorkflowGraph.Edge>>> work = new ArrayDeque<>();
            visit(start, index, low, stack, onStack, counter, work);
            while (!work.isEmpty()) {
                Map.Entry<String, Iterator<WorkflowGraph.Edge>> top = work.peek();
                String v = top.getKey();
                if (top.getValue().hasNext()) {
                    String w = top.getValue().next().target();
                    if (v.equals(w)) {
                        cyclic.add(v);
                    }
                    if (!index.containsKey(w)) {
                        visit(w, index, low, stack, onStack, counter, work);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new HashSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) {
                        cyclic.addAll(component);
                    }
                }
            }
        }
        return cyclic;
    }

    private void visit(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            int[] counter,
            Deque<Map.Entry<String, Iterator<WorkflowGraph.Edge>>> work) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        work.push(Map.entry(v, outbound.getOrDefault(v, List.of()).iterator()));
    }
}
