package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tree-walking interpreter. Every node evaluated costs one operation and one level of depth while it runs. */
final class Evaluator {
    private Evaluator() {}

    static Object eval(Node node, YaqlContext ctx) {
        Evaluation ev = ctx.evaluation;
        ev.tick();
        ev.enter();
        try {
            return evalNode(node, ctx);
        } finally {
            ev.exit();
        }
    }

    private static Object evalNode(Node node, YaqlContext ctx) {
        if (node instanceof Node.Constant c) {
            return c.value();
        } else if (node instanceof Node.Keyword k) {
            return k.name();
        } else if (node instanceof Node.ContextRef r) {
            return ctx.lookup(r.name());
        } else if (node instanceof Node.Paren p) {
            return eval(p.inner(), ctx);
        } else if (node instanceof Node.Call c) {
            return call(c, ctx);
        } else if (node instanceof Node.Binary b) {
            return Operators.binary(b, ctx);
        } else if (node instanceof Node.Unary u) {
            return Operators.unary(u.op(), eval(u.operand(), ctx));
        } else if (node instanceof Node.Index i) {
            Object target = eval(i.target(), ctx);
            List<Object> keys = new ArrayList<>();
            for (Node a : i.args()) {
                if (a instanceof Node.MappingRule || a instanceof Node.Skip) {
                    throw Errors.noMatchingFunction("#indexer");
                }
                keys.add(eval(a, ctx));
            }
            return Operators.index(target, keys);
        } else if (node instanceof Node.ListLit l) {
            return list(l, ctx);
        } else if (node instanceof Node.MapLit m) {
            return map(m.entries(), ctx, "#map");
        }
        throw Errors.noMatchingFunction("#list"); // a mapping rule or a skipped slot outside an argument list
    }

    private static Object list(Node.ListLit l, YaqlContext ctx) {
        List<Object> items = new ArrayList<>(l.items().size());
        for (Node n : l.items()) {
            if (n instanceof Node.MappingRule || n instanceof Node.Skip) {
                throw Errors.noMatchingFunction("#list");
            }
            items.add(eval(n, ctx));
        }
        return ctx.evaluation.list(items);
    }

    /** {@code {k => v, ...}} and {@code dict(k => v, ...)}: every argument must be a mapping rule; later keys win. */
    static Map<Object, Object> map(List<Node> entries, YaqlContext ctx, String name) {
        for (Node n : entries) {
            if (!(n instanceof Node.MappingRule)) {
                throw Errors.noMatchingFunction(name);
            }
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Node n : entries) {
            Node.MappingRule rule = (Node.MappingRule) n;
            Object key = eval(rule.key(), ctx);
            Object value = eval(rule.value(), ctx);
            Maps.put(out, key, value);
        }
        return Maps.finish(out, ctx.evaluation);
    }

    static Object call(Node.Call c, YaqlContext ctx) {
        FunctionEntry e = ctx.functions().lookup(c.name());
        if (e == null || e.function() == null) {
            throw Errors.noFunction(c.name());
        }
        return e.function().call(new Invocation(c.name(), false, null, c.args(), ctx));
    }

    static Object callMethod(Node.Call c, Object receiver, YaqlContext ctx) {
        FunctionEntry e = ctx.functions().lookup(c.name());
        if (e == null || e.method() == null) {
            throw Errors.noMethod(c.name(), receiver);
        }
        return e.method().call(new Invocation(c.name(), true, receiver, c.args(), ctx));
    }
}
