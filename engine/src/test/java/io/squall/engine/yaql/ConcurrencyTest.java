package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One parsed expression and one registry shared by many threads, each with its own data. */
class ConcurrencyTest {
    @Test
    void aSharedExpressionEvaluatesIndependentlyOnEveryThread() throws Exception {
        YaqlExpression e = Yaql.parse("$.items.where($ mod $n = 0).select($ * 2).sum() + len(str($n))");
        YaqlFunctions functions = Yaql.standardFunctions();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int n = t + 1;
                Callable<Boolean> task = () -> {
                    List<Long> items = new ArrayList<>();
                    for (long i = 0; i < 200; i++) {
                        items.add(i);
                    }
                    long expected = 0;
                    for (long i = 0; i < 200; i++) {
                        expected += i % n == 0 ? i * 2 : 0;
                    }
                    expected += String.valueOf(n).length();
                    YaqlContext c = new YaqlContext(Map.of("items", items), functions).withVariable("n", n);
                    for (int round = 0; round < 300; round++) {
                        if (!e.evaluate(c).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(task));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void registeringWhileOthersEvaluateIsSafe() throws Exception {
        YaqlFunctions functions = Yaql.standardFunctions();
        YaqlExpression e = Yaql.parse("len(list(1, 2, 3))");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    int k = i;
                    functions.register("f" + i, (args, kw, c) -> (long) k);
                }
            });
            List<Future<Boolean>> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!e.evaluate(new YaqlContext(null, functions)).equals(3L)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Boolean> r : readers) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Yaql.parse("f499()").evaluate(new YaqlContext(null, functions)))
                    .isEqualTo(499L);
        } finally {
            pool.shutdownNow();
        }
    }
}
