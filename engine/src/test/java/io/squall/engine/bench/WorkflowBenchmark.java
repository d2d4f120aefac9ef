package io.squall.engine.bench;

import io.squall.api.bench.BenchRow;
import io.squall.api.bench.BenchSize;
import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.Event;
import io.squall.engine.workflow.Statuses;
import io.squall.engine.workflow.TaskInstance;
import io.squall.engine.workflow.WorkflowConductor;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Conductor and expression figures (prints them; asserts nothing): steps/s of a 1,000-task sequential workflow
 * and of a 10,000-item with-items, the serialised state size after the with-items, and YAQL and Jinja
 * evaluations/s. Floors: a step's own expressions evaluated alone, the items' results as plain JSON, and the
 * evaluator's fixed cost (a constant expression). Run: {@code bin/squall-bench workflow [--quick]}; sizes
 * {@code -Dbench.tasks=1000 -Dbench.items=10000 -Dbench.evals=200000}.
 */
class WorkflowBenchmark {
    private static final Expressions EXPR = Expressions.standard(KvLookup.EMPTY);

    @Test
    @EnabledIfSystemProperty(named = "bench.run", matches = "true")
    @Timeout(180)
    void conductorAndExpressions() {
        BenchRow.print(run(
                BenchSize.of("bench.tasks", 1_000, 200),
                BenchSize.of("bench.items", 10_000, 2_000),
                BenchSize.of("bench.evals", 200_000, 20_000)));
    }

    static List<BenchRow> run(int tasks, int items, int evals) {
        Map<String, Object> ctx = Map.of("a", 41L, "n", 41L, "x", 7L, "name", "web", "xs", List.of(1L, 2L, 3L));
        sequential(Math.max(10, tasks / 10)); // warm-up
        Figures seq = sequential(tasks);
        double stepExpressions =
                1 / (1 / evaluations("{{ ctx().n }}", ctx, evals) + 1 / evaluations("{{ ctx().n + 1 }}", ctx, evals));
        System.out.printf(
                "sequential %,d tasks:   %,.0f steps/s (%,.1f ms in all), state %,d bytes%n",
                tasks, seq.steps / seq.seconds, seq.seconds * 1000, seq.stateBytes);
        withItems(Math.max(10, items / 10), 1024); // warm-up
        Figures wi = withItems(items, 1024);
        System.out.printf(
                "with-items %,d x 1 KiB: %,.0f items/s (%,.1f ms in all), state %,d bytes%n",
                items, wi.steps / wi.seconds, wi.seconds * 1000, wi.stateBytes);
        double yaqlConstant = evaluations("<% 1 %>", ctx, evals);
        long resultsBytes = Json.bytes(
                IntStream.range(0, items).mapToObj(i -> "x".repeat(1024)).toList());
        return List.of(
                new BenchRow(
                        "workflow",
                        "sequential %,d tasks: conductor steps".formatted(tasks),
                        seq.steps / seq.seconds,
                        "steps/s",
                        "its 2 ctx() expressions per step alone",
                        stepExpressions),
                new BenchRow(
                        "workflow",
                        "with-items %,d x 1 KiB: items".formatted(items),
                        wi.steps / wi.seconds,
                        "items/s",
                        "its item input expression alone",
                        evaluations("{{ ctx().x }}", ctx, evals)),
                new BenchRow(
                        "workflow",
                        "with-items %,d x 1 KiB: state size".formatted(items),
                        wi.stateBytes,
                        "bytes",
                        "the items' results as JSON",
                        resultsBytes),
                new BenchRow(
                        "workflow",
                        "YAQL <% ctx().a + 1 %>",
                        evaluations("<% ctx().a + 1 %>", ctx, evals),
                        "evaluations/s",
                        "YAQL constant <% 1 %>",
                        yaqlConstant),
                new BenchRow(
                        "workflow",
                        "YAQL <% ctx().xs.select($ * 2) %>",
                        evaluations("<% ctx().xs.select($ * 2) %>", ctx, evals),
                        "evaluations/s",
                        "YAQL constant <% 1 %>",
                        yaqlConstant),
                new BenchRow(
                        "workflow",
                        "Jinja {{ ctx().a + 1 }}",
                        evaluations("{{ ctx().a + 1 }}", ctx, evals),
                        "evaluations/s",
                        "Jinja constant {{ 1 }}",
                        evaluations("{{ 1 }}", ctx, evals)));
    }

    /** The JSON size of a value (Jackson). */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        static long bytes(Object value) {
            try {
                return MAPPER.writeValueAsBytes(value).length;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Figures(long steps, double seconds, long stateBytes) {}

    static Figures sequential(int n) {
        StringBuilder yaml = new StringBuilder("version: 1.0\ninput: [n]\ntasks:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  t").append(i).append(":\n    action: core.noop\n    input: {i: '{{ ctx().n }}'}\n");
            if (i + 1 < n) {
                yaml.append("    next: [{when: '{{ succeeded() }}', publish: [{n: '{{ ctx().n + 1 }}'}], do: t")
                        .append(i + 1)
                        .append("}]\n");
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
                    c.updateTaskState(
                            t.id(), t.route(), Event.item(a.itemId(), Statuses.SUCCEEDED, result, accumulated));
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

    /** Evaluations per second: the best of 3 rounds of n / 3 after a warm-up (a figure and its floor alike). */
    static double evaluations(String expression, Map<String, Object> ctx, int n) {
        for (int i = 0; i < n / 10; i++) {
            EXPR.evaluate(expression, ctx);
        }
        int round = Math.max(1, n / 3);
        double best = 0;
        for (int r = 0; r < 3; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < round; i++) {
                EXPR.evaluate(expression, ctx);
            }
            best = Math.max(best, round / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }
}
