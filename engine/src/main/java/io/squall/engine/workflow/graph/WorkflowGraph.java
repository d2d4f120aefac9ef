package io.squall.engine.workflow.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workflow as a directed multigraph (Orquesta's networkx MultiDiGraph): a node per task with its join
 * {@code barrier} ({@code "*"} or a count), the {@code splits} on the way to it and its {@code retry} spec; an edge
 * per transition, keyed per (source, target) pair from 0 in order of creation: edge key N is transition id
 * {@code target__tN}.
 */
public final class WorkflowGraph {
    /** A task node. */
    public static final class Node {
        final String id;
        Object barrier;
        List<String> splits;
        Map<String, Object> retry;

        Node(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public Object barrier() {
            return barrier;
        }

        public List<String> splits() {
            return splits;
        }

        public Map<String, Object> retry() {
            return retry;
        }
    }

    /** A transition: source task, target task, key among the edges of that pair, criteria, index in next. */
    public record Edge(String source, String target, int key, List<String> criteria, int ref) {}

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, List<Edge>> outbound = new HashMap<>();
    private final Map<String, List<Edge>> inbound = new HashMap<>();
    private Set<String> cyclic;

    public Node addTask(String id) {
        return nodes.computeIfAbsent(id, Node::new);
    }

    public boolean hasTask(String id) {
        return nodes.containsKey(id);
    }

    public Node task(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("Task \"" + id + "\" does not exist.");
        }
        return n;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Nodes no edge leads to, sorted by id. */
    public List<String> roots() {
        Set<String> targets = edges.stream().map(Edge::target).collect(Collectors.toSet());
        return nodes.keySet().stream()
                .filter(n -> !targets.contains(n))
                .sorted()
                .toList();
    }

    public boolean hasTransition(String source, String target, List<String> criteria, int ref) {
        return edges.stream()
                .anyMatch(e -> e.source.equals(source)
                        && e.target.equals(target)
                        && e.criteria.equals(criteria)
                        && e.ref == ref);
    }

    public void addTransition(String source, String target, List<String> criteria, int ref) {
        addTask(source);
        addTask(target);
        int key = (int) edges.stream()
                .filter(e -> e.source.equals(source) && e.target.equals(target))
                .count();
        Edge e = new Edge(source, target, key, List.copyOf(criteria), ref);
        edges.add(e);
        outbound.computeIfAbsent(source, k -> new ArrayList<>()).add(e);
        inbound.computeIfAbsent(target, k -> new ArrayList<>()).add(e);
        cyclic = null;
    }

    /** Outbound transitions sorted by target (then key). */
    public List<Edge> nextTransitions(String id) {
        List<Edge> out = new ArrayList<>(outbound.getOrDefault(id, List.of()));
        out.sort(Comparator.comparing(Edge::target).thenComparingInt(Edge::key));
        return out;
    }

    /** Inbound transitions sorted by source (then key). */
    public List<Edge> prevTransitions(String id) {
        List<Edge> in = new ArrayList<>(inbound.getOrDefault(id, List.of()));
        in.sort(Comparator.comparing(Edge::source).thenComparingInt(Edge::key));
        return in;
    }

    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    public Map<String, Object> barriers() {
        Map<String, Object> b = new LinkedHashMap<>();
        nodes.values().stream().filter(n -> hasBarrier(n.id)).forEach(n -> b.put(n.id, n.barrier));
        return b;
    }

    public Object barrier(String id) {
        return task(id).barrier;
    }

    public boolean hasBarrier(String id) {
        Object b = task(id).barrier;
        return b != null && !"".equals(b);
    }

    public Map<String, Object> retrySpec(String id) {
        return task(id).retry;
    }

    public boolean hasRetry(String id) {
        Map<String, Object> r = task(id).retry;
        return r != null && r.containsKey("count");
    }

    /** Whether the task lies on a cycle of the graph (a strongly connected component of 2+ tasks, or a self loop). */
    public boolean inCycle(String id) {
        if (cyclic == null) {
            cyclic = new StronglyConnected(nodes.keySet(), outbound).cyclicNodes();
        }
        return cyclic.contains(id);
    }
}
