package io.squall.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.Event;
import io.squall.engine.workflow.Statuses;
import io.squall.engine.workflow.TaskInstance;
import io.squall.engine.workflow.WorkflowConductor;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.spec.WorkflowSpec;

/**
 * Conductor and expression figures (prints them; asserts nothing): steps/s of a 1,000-task sequential workflow
 * and of a 10,000-item with-items, the serialised state size after each, and YAQL and Jinja evaluations/s.
 * Run: {@code bin/squall-bench-workflow [--quick]} (or this class's main with the engine test classpath).
 */
public final class WorkflowBenchmark {
    private static final Expressions EXPR = Expressions.standard(KvLookup.EMPTY);

    private WorkflowBenchmark() {
    }

    public static void main(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int tasks = quick ? 100 : 1_000;
        int items = quick ? 1_000 : 10_000;
        int evals = quick ? 20_000 : 200_000;
        sequential(Math.max(50, tasks / 10)); // warm-up
        Figures seq = sequential(tasks);
        System.out.printf("sequential %,d tasks:   %,.0f steps/s (%,.1f ms in all), state %,d bytes%n", tasks,
                seq.steps / seq.seconds, seq.seconds * 1000, seq.stateBytes);
        withItems(Math.max(100, items / 10), 1024); // warm-up
        Figures wi = withItems(items, 1024);
        System.out.printf("with-items %,d x 1 KiB: %,.0f items/s (%,.1f ms in all), state %,d bytes%n", items,
                wi.steps / wi.seconds, wi.seconds * 1000, wi.stateBytes);
        Map<String, Object> ctx = Map.of("a", 41L, "name", "web", "xs", List.of(1L, 2L, 3L));
        System.out.printf("YAQL  <%% ctx().a + 1 %%>:          %,.0f evaluations/s%n", evaluations("<% ctx().a + 1 %>", ctx, evals));
        System.out.printf("Jinja {{ ctx().a + 1 }}:           %,.0f evaluations/s%n", evaluations("{{ ctx().a + 1 }}", ctx, evals));
        System.out.printf("YAQL  <%% ctx().xs.select($ * 2) %%>: %,.0f evaluations/s%n",
                evaluations("<% ctx().xs.select($ * 2) %>", ctx, evals));
    }

    record Figures(long steps, double seconds, long stateBytes) {
    }

    static Figures sequential(int n) {
        StringBuilder yaml = new StringBuilder("version: 1.0\ninput: [n]\ntasks:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  t").append(i).append(":\n    action: core.noop\n    input: {i: '{{ ctx().n }}'}\n");
            if (i + 1 < n) {
                yaml.append("    next: [{when: '{{ succeeded() }}', publish: [{n: '{{ ctx().n + 1 }}'}], do: t").append(i + 1).append("}]\n");
            }
        }
        WorkflowConductor c = new WorkflowConductor(WorkflowSpec.parse(yaml.toString()), EXPR, Map.of("n", 0L), null);
        long start = System.nanoTime();
        c.requestWorkflowStatus(Statuses.RUNNING);
        long steps = 0;
        for (List<TaskInstance> next = c.getNextTasks(); !next.isEmpty(); next = c.getNextTasks()) {
            for (TaskInstance t : next) {
                c.updateTaskState(t.id(), t.route(), Event.action(Statuses.RUNNING, null));
                c.updateTaskState(t.id(), t.route(), Event.action(Statuses.SUCCEEDED, null));
                steps++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!c.getWorkflowStatus().equals(Statuses.SUCCEEDED)) {
            throw new IllegalStateException("sequential benchmark ended " + c.getWorkflowStatus() + ": " + c.errors());
        }
        return new Figures(steps, seconds, c.snapshot().toJsonBytes().length);
    }

    static Figures withItems(int n, int resultBytes) {
        String yaml = """
                version: 1.0
                input: [xs]
                tasks:
                  each:
                    action: core.echo
                    with: {items: "x in {{ ctx().xs }}", concurrency: 100}
                    input: {message: "{{ item('x') }}"}
                    next: [{when: "{{ succeeded() }}", publish: [{results: "{{ result() }}"}]}]
                """;
        List<Object> xs = IntStream.range(0, n).mapToObj(i -> (Object) (long) i).toList();
        WorkflowConductor c = new WorkflowConductor(WorkflowSpec.parse(yaml), EXPR, Map.of("xs", xs), null);
        String result = "x".repeat(resultBytes);
        List<Object> accumulated = new ArrayList<>();
        long start = System.nanoTime();
        c.requestWorkflowStatus(Statuses.RUNNING);
        long steps = 0;
        for (List<TaskInstance> next = c.getNextTasks(); !next.isEmpty(); next = c.getNextTasks()) {
            for (TaskInstance t : next) {
                for (TaskInstance.ActionSpec a : t.actions()) {
                    c.updateTaskState(t.id(), t.route(), Event.item(a.itemId(), Statuses.RUNNING, null, null));
                }
                for (TaskInstance.ActionSpec a : t.actions()) {
                    while (accumulated.size() <= a.itemId()) {
                        accumulated.add(null);
                    }
                    accumulated.set(a.itemId(), result);
                    c.updateTaskState(t.id(), t.route(), Event.item(a.itemId(), Statuses.SUCCEEDED, result, accumulated));
                    steps++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!c.getWorkflowStatus().equals(Statuses.SUCCEEDED)) {
            throw new IllegalStateException("with-items benchmark ended " + c.getWorkflowStatus() + ": " + c.errors());
        }
        return new Figures(steps, seconds, c.snapshot().toJsonBytes().length);
    }

    static double evaluations(String expression, Map<String, Object> ctx, int n) {
        for (int i = 0; i < n / 10; i++) {
            EXPR.evaluate(expression, ctx);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            EXPR.evaluate(expression, ctx);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
