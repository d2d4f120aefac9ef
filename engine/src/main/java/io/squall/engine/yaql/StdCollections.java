package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAQL's list and dict functions ({@code collections.py}): {@code list toList flatten dict toDict get set keys
 * values items containsKey containsValue contains isList isDict delete deleteAll insert insertMany replaceMany} and
 * the list form of {@code replace}. Sets are not supported. keys(), values() and items() return lists.
 */
final class StdCollections {
    private StdCollections() {}

    static void register(Library lib) {
        lib.function("list", inv -> {
            List<Object> out = new ArrayList<>();
            for (Object o : inv.bind("*args").rest()) {
                if (o instanceof LazySeq || o instanceof Ordering) {
                    ((Iterable<?>) o).forEach(out::add); // YAQL unrolls iterators, not lists
                } else {
                    out.add(o);
                }
                inv.ev().checkSize(out.size());
            }
            return inv.ev().list(out);
        });
        lib.method("toList", inv -> inv.ev().collect(inv.bind("collection").iterable("collection")));
        lib.method("flatten", inv -> flatten(inv.ev(), inv.bind("collection").iterable("collection")));
        lib.function("dict", StdCollections::dict);
        lib.method("toDict", inv -> {
            Args a = inv.bind("collection", "&keySelector", "&valueSelector?");
            Map<Object, Object> out = new LinkedHashMap<>();
            Lambda values = a.lambda("valueSelector");
            for (Object o : a.iterable("collection")) {
                Maps.put(out, a.lambda("keySelector").call(o), values == null ? o : values.call(o));
                inv.ev().checkSize(out.size());
            }
            return Maps.finish(out, inv.ev());
        });
        lib.method("get", inv -> {
            Args a = inv.bind("dict", "key", "default?");
            Object v = Values.lookup(a.map("dict"), a.get("key"));
            return v == Values.NO_KEY ? a.get("default", null) : v;
        });
        lib.method("set", StdCollections::set);
        lib.method(
                "keys",
                inv -> inv.ev()
                        .list(new ArrayList<>(inv.bind("dict").map("dict").keySet())));
        lib.method(
                "values",
                inv -> inv.ev()
                        .list(new ArrayList<>(inv.bind("dict").map("dict").values())));
        lib.method("items", inv -> {
            List<Object> out = new ArrayList<>();
            inv.bind("dict").map("dict").forEach((k, v) -> out.add(StdQueries.pair(k, v)));
            return inv.ev().list(out);
        });
        lib.method("containsKey", inv -> {
            Args a = inv.bind("dict", "key");
            return Values.containsKey(a.map("dict"), a.get("key"));
        });
        lib.method("containsValue", inv -> {
            Args a = inv.bind("dict", "value");
            return a.map("dict").values().stream().anyMatch(v -> Values.pyEquals(a.get("value"), v));
        });
        lib.method("contains", inv -> {
            Args a = inv.bind("collection", "value");
            return Operators.in(a.get("value"), a.iterable("collection"));
        });
        lib.function("isList", inv -> inv.bind("arg").get("arg") instanceof List<?>);
        lib.function("isDict", inv -> inv.bind("arg").get("arg") instanceof Map<?, ?>);
        lib.method("delete", StdCollections::delete);
        lib.method("deleteAll", inv -> {
            Args a = inv.bind("dict", "keys");
            return withoutKeys(a.map("dict"), a.iterable("keys"), inv.ev());
        });
        lib.method("insert", StdCollections::insert);
        lib.method("insertMany", inv -> {
            Args a = inv.bind("collection", "position", "values");
            return insertAll(inv.ev(), a.iterable("collection"), a.integer("position"), a.iterable("values"));
        });
        lib.method("replaceMany", inv -> {
            Args a = inv.bind("collection", "position", "values", "count?");
            return replaceSlots(
                    inv.ev(),
                    a.iterable("collection"),
                    a.integer("position"),
                    a.integer("count", 1),
                    a.iterable("values"));
        });
    }

    static LazySeq flatten(Evaluation ev, Iterable<Object> items) {
        return new LazySeq(ev, () -> {
            List<Iterator<Object>> stack = new ArrayList<>();
            stack.add(items.iterator());
            return new Producer() {
                @Override
                protected boolean produce() {
                    while (!stack.isEmpty()) {
                        Iterator<Object> top = stack.get(stack.size() - 1);
                        if (!top.hasNext()) {
                            stack.remove(stack.size() - 1);
                            continue;
                        }
                        Object o = top.next();
                        Iterable<Object> inner = Values.iterable(o);
                        if (inner == null) {
                            return emit(o);
                        }
                        stack.add(inner.iterator());
                    }
                    return false;
                }
            };
        });
    }

    /** {@code dict(a => 1, b => 2)} or {@code dict([[a, 1], [b, 2]])}. */
    private static Object dict(Invocation inv) {
        boolean rules = inv.args.stream().allMatch(Node.MappingRule.class::isInstance);
        if (rules) {
            return Evaluator.map(inv.args, inv.ctx, "dict");
        }
        if (inv.args.size() != 1) {
            throw inv.noMatch();
        }
        Iterable<Object> items = Values.iterable(inv.eval(inv.args.get(0)));
        if (items == null) {
            throw inv.noMatch();
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object item : items) {
            Iterable<Object> kv = Values.iterable(item);
            if (kv == null) {
                throw Errors.typeError("'" + PyTypes.name(item) + "' object is not iterable");
            }
            Iterator<Object> it = kv.iterator();
            if (!it.hasNext()) {
                throw Errors.error("StopIteration", "");
            }
            Object k = it.next();
            if (!it.hasNext()) {
                throw Errors.error("StopIteration", "");
            }
            Maps.put(out, k, it.next());
            inv.ev().checkSize(out.size());
        }
        return Maps.finish(out, inv.ev());
    }

    /** {@code d.set(k, v)}, {@code d.set({k => v})}, {@code d.set(k => v, ...)}: a new dict. */
    private static Object set(Invocation inv) {
        if (!(inv.receiver instanceof Map<?, ?> m)) {
            throw inv.noMatch();
        }
        Map<Object, Object> out = new LinkedHashMap<>(m);
        if (!inv.args.isEmpty() && inv.args.stream().allMatch(Node.MappingRule.class::isInstance)) {
            for (Node n : inv.args) {
                Node.MappingRule rule = (Node.MappingRule) n;
                Maps.put(out, inv.eval(rule.key()), inv.eval(rule.value()));
            }
            return Maps.finish(out, inv.ev());
        }
        if (inv.args.size() == 1) {
            Object replacements = inv.eval(inv.args.get(0));
            if (!(replacements instanceof Map<?, ?> r)) {
                throw inv.noMatch();
            }
            r.forEach((k, v) -> Maps.put(out, k, v));
            return Maps.finish(out, inv.ev());
        }
        if (inv.args.size() == 2
                && inv.args.stream().noneMatch(n -> n instanceof Node.MappingRule || n instanceof Node.Skip)) {
            Maps.put(out, inv.eval(inv.args.get(0)), inv.eval(inv.args.get(1)));
            return Maps.finish(out, inv.ev());
        }
        throw inv.noMatch();
    }

    private static Map<Object, Object> withoutKeys(Map<Object, Object> d, Iterable<Object> keys, Evaluation ev) {
        Map<Object, Object> out = new LinkedHashMap<>(d);
        for (Object k : keys) {
            out.keySet().removeIf(existing -> Values.key(existing).equals(Values.key(k)));
        }
        return Maps.finish(out, ev);
    }

    /** {@code d.delete(k1, k2)} on a dict; {@code list.delete(position, count => 1)} on a list. */
    private static Object delete(Invocation inv) {
        if (inv.receiver instanceof Map<?, ?>) {
            Args a = inv.bind("dict", "*keys");
            return withoutKeys(a.map("dict"), a.rest(), inv.ev());
        }
        Args a = inv.bind("collection", "position", "count?");
        long position = a.integer("position");
        long count = a.integer("count", 1);
        Iterable<Object> items = a.iterable("collection");
        return new LazySeq(inv.ev(), () -> {
            Iterator<Object> it = items.iterator();
            return new Producer() {
                private long i = -1;

                @Override
                protected boolean produce() {
                    while (it.hasNext()) {
                        Object o = it.next();
                        i++;
                        boolean deleted = count >= 0 ? position <= i && i < position + count : i >= position;
                        if (!deleted) {
                            return emit(o);
                        }
                    }
                    return false;
                }
            };
        });
    }

    private static Object insert(Invocation inv) {
        Args a = inv.bind("collection", "position", "value");
        long position = a.integer("position");
        if (a.get("collection") instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l);
            long p = position < 0 ? Math.max(0, position + l.size()) : Math.min(position, l.size());
            out.add((int) p, a.get("value"));
            return inv.ev().list(out);
        }
        return insertAll(
                inv.ev(), a.iterable("collection"), position, java.util.Collections.singletonList(a.get("value")));
    }

    private static LazySeq insertAll(Evaluation ev, Iterable<Object> items, long position, Iterable<Object> values) {
        List<Iterable<Object>> parts = new ArrayList<>();
        if (position < 0) {
            parts.add(values);
            parts.add(items);
            return Sequences.concat(ev, parts);
        }
        parts.add(Sequences.slice(ev, items, 0, position));
        parts.add(values);
        parts.add(Sequences.slice(ev, items, position, -1));
        // a position past the end appends, as YAQL's generator does
        return Sequences.concat(ev, parts);
    }

    /** {@code list.replace(position, value, count => 1)}; a negative count replaces to the end. */
    static Object replace(Invocation inv) {
        Args a = inv.bind("collection", "position", "value", "count?");
        return replaceSlots(
                inv.ev(),
                a.iterable("collection"),
                a.integer("position"),
                a.integer("count", 1),
                java.util.Collections.singletonList(a.get("value")));
    }

    private static LazySeq replaceSlots(
            Evaluation ev, Iterable<Object> items, long position, long count, Iterable<Object> values) {
        return new LazySeq(ev, () -> {
            Iterator<Object> it = items.iterator();
            return new Producer() {
                private long i = -1;
                private boolean yielded;
                private Iterator<Object> inserting;

                @Override
                protected boolean produce() {
                    while (true) {
                        if (inserting != null && inserting.hasNext()) {
                            return emit(inserting.next());
                        }
                        if (!it.hasNext()) {
                            return false;
                        }
                        Object o = it.next();
                        i++;
                        boolean slot = count >= 0 ? position <= i && i < position + count : i >= position;
                        if (!slot) {
                            return emit(o);
                        }
                        if (!yielded) {
                            yielded = true;
                            inserting = values.iterator();
                        }
                    }
                }
            };
        });
    }
}
