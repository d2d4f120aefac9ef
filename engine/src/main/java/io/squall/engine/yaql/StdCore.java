package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YAQL's system, boolean and branching functions ({@code system.py}, {@code boolean.py}, {@code branching.py}):
 * {@code bool isBoolean let with unpack assert switch selectCase selectAllCases examine switchCase coalesce}.
 */
final class StdCore {
    private StdCore() {}

    static void register(Library lib) {
        lib.function("bool", inv -> Values.truthy(inv.bind("value").get("value")));
        lib.function("isBoolean", inv -> inv.bind("value").get("value") instanceof Boolean);
        lib.function("let", StdCore::let);
        lib.function("with", inv -> {
            Args a = inv.bind("*args");
            return new ScopeValue(numbered(inv.ctx, a.rest()));
        });
        lib.method("unpack", StdCore::unpack);
        lib.method("assert", inv -> {
            Args a = inv.bind("obj", "&condition", "message?");
            if (!a.lambda("condition").test(a.get("obj"))) {
                throw Errors.error("AssertionError", a.has("message") ? a.string("message") : "Assertion failed");
            }
            return a.get("obj");
        });
        lib.function("switch", StdCore::switchRules);
        lib.function("selectCase", inv -> {
            List<Object> cases = inv.bind("&*args").rest();
            int i = 0;
            for (Object c : cases) {
                if (((Lambda) c).test()) {
                    return (long) i;
                }
                i++;
            }
            return (long) i;
        });
        lib.function("selectAllCases", inv -> {
            List<Object> cases = inv.bind("&*args").rest();
            return Sequences.filter(
                    inv.ev(),
                    Sequences.count(inv.ev(), 0, cases.size(), 1, true),
                    i -> ((Lambda) cases.get((int) (long) (Long) i)).test());
        });
        lib.function("examine", inv -> {
            List<Object> cases = inv.bind("&*args").rest();
            return Sequences.map(inv.ev(), cases, c -> ((Lambda) c).test());
        });
        lib.method("switchCase", inv -> {
            Args a = inv.bind("case", "&*args");
            long c = a.integer("case");
            List<Object> cases = a.rest();
            if (c >= 0 && c < cases.size()) {
                return ((Lambda) cases.get((int) c)).call();
            }
            return cases.isEmpty() ? null : ((Lambda) cases.get(cases.size() - 1)).call();
        });
        lib.function("coalesce", inv -> {
            for (Object c : inv.bind("&*args").rest()) {
                Object v = ((Lambda) c).call();
                if (v != null) {
                    return v;
                }
            }
            return null;
        });
    }

    private static YaqlContext numbered(YaqlContext ctx, List<Object> values) {
        YaqlContext c = ctx;
        for (int i = 0; i < values.size(); i++) {
            c = c.bind(String.valueOf(i + 1), values.get(i));
        }
        return c;
    }

    /** {@code let(1, 2, a => 3) -> $1 + $2 + $a}. */
    private static Object let(Invocation inv) {
        Args a = inv.bind("*args", "**kwargs");
        YaqlContext c = numbered(inv.ctx, a.rest());
        for (Map.Entry<String, Object> e : a.kwargs().entrySet()) {
            c = c.bind(e.getKey(), e.getValue());
        }
        return new ScopeValue(c);
    }

    /** {@code [1, 2].unpack(a, b) -> $a + $b}; without names the values are {@code $1, $2, ...}. */
    private static Object unpack(Invocation inv) {
        Args a = inv.bind("sequence", "*args");
        List<Object> names = a.rest();
        List<Object> values = new ArrayList<>();
        for (Object o : a.iterable("sequence")) {
            values.add(o);
            if (!names.isEmpty() && values.size() > names.size()) {
                break;
            }
            inv.ev().checkSize(values.size());
        }
        if (!names.isEmpty() && values.size() != names.size()) {
            throw Errors.valueError("Cannot unpack " + values.size() + " elements into " + names.size());
        }
        if (names.isEmpty()) {
            return new ScopeValue(numbered(inv.ctx, values));
        }
        YaqlContext c = inv.ctx;
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String n)) {
                throw inv.noMatch();
            }
            c = c.bind(n, values.get(i));
        }
        return new ScopeValue(c);
    }

    /** {@code switch(cond => value, ...)}: the value of the first true condition, else null. */
    private static Object switchRules(Invocation inv) {
        for (Node n : inv.args) {
            if (!(n instanceof Node.MappingRule)) {
                throw inv.noMatch();
            }
        }
        for (Node n : inv.args) {
            Node.MappingRule rule = (Node.MappingRule) n;
            if (Values.truthy(inv.eval(rule.key()))) {
                return inv.eval(rule.value());
            }
        }
        return null;
    }
}
