package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * YAQL's query functions ({@code queries.py}): the LINQ-like methods over collections. Results are lazy where
 * YAQL's are Python iterators; lambdas see the element as {@code $} (two-argument ones as {@code $1, $2}).
 */
final class StdQueries {
    private StdQueries() {}

    static void register(Library lib) {
        Builtin where = inv -> {
            Args a = inv.bind("collection", "&predicate");
            return Sequences.filter(
                    inv.ev(),
                    a.iterable("collection"),
                    o -> a.lambda("predicate").test(o));
        };
        lib.method("where", where);
        lib.method("filter", where);
        Builtin select = inv -> {
            Args a = inv.bind("collection", "&selector");
            return Sequences.map(
                    inv.ev(),
                    a.iterable("collection"),
                    o -> a.lambda("selector").call(o));
        };
        lib.method("select", select);
        lib.method("map", select);
        lib.method("skip", inv -> {
            Args a = inv.bind("collection", "count");
            if (a.integer("count") < 0) {
                throw Errors.valueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
            }
            return Sequences.slice(inv.ev(), a.iterable("collection"), a.integer("count"), -1);
        });
        Builtin limit = inv -> {
            Args a = inv.bind("collection", "count");
            if (a.integer("count") < 0) {
                throw Errors.valueError(
                        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
            }
            return Sequences.slice(inv.ev(), a.iterable("collection"), 0, a.integer("count"));
        };
        lib.method("limit", limit);
        lib.method("take", limit);
        lib.both("append", inv -> {
            Args a = inv.bind("collection", "*args");
            return Sequences.concat(inv.ev(), List.of(a.iterable("collection"), a.rest()));
        });
        lib.both("distinct", StdQueries::distinct);
        lib.both("enumerate", inv -> {
            Args a = inv.bind("collection", "start?");
            long start = a.integer("start", 0);
            Iterable<Object> items = a.iterable("collection");
            return new LazySeq(inv.ev(), () -> {
                Iterator<Object> it = items.iterator();
                return new Producer() {
                    private long i = start;

                    @Override
                    protected boolean produce() {
                        return it.hasNext() && emit(pair(i++, it.next()));
                    }
                };
            });
        });
        lib.both("any", inv -> {
            Args a = inv.bind("collection", "&predicate?");
            for (Object o : a.iterable("collection")) {
                if (a.lambda("predicate") == null || a.lambda("predicate").test(o)) {
                    return true;
                }
            }
            return false;
        });
        lib.both("all", inv -> {
            Args a = inv.bind("collection", "&predicate?");
            for (Object o : a.iterable("collection")) {
                if (a.lambda("predicate") == null
                        ? !Values.truthy(o)
                        : !a.lambda("predicate").test(o)) {
                    return false;
                }
            }
            return true;
        });
        lib.method("concat", inv -> concat(inv, inv.bind("*collections").rest()));
        lib.method("count", inv -> {
            long n = 0;
            for (Object ignored : inv.bind("collection").iterable("collection")) {
                n++;
            }
            return n;
        });
        lib.method("memorize", inv -> inv.bind("collection").iterable("collection"));
        lib.method("sum", inv -> aggregate(inv, (x, y) -> Operators.plus(x, y, inv.ev())));
        lib.method("max", inv -> aggregate(inv, (x, y) -> Operators.compare(">", y, x) ? y : x));
        lib.method("min", inv -> aggregate(inv, (x, y) -> Operators.compare(">", y, x) ? x : y));
        lib.method("first", inv -> {
            Args a = inv.bind("collection", "default?");
            Iterator<Object> it = a.iterable("collection").iterator();
            if (it.hasNext()) {
                return it.next();
            }
            if (a.has("default")) {
                return a.get("default");
            }
            throw Errors.error("StopIteration", "");
        });
        lib.method("single", inv -> {
            Iterator<Object> it = inv.bind("collection").iterable("collection").iterator();
            if (!it.hasNext()) {
                throw Errors.error("StopIteration", "");
            }
            Object first = it.next();
            if (it.hasNext()) {
                throw Errors.error("StopIteration", "Collection contains more than one item");
            }
            return first;
        });
        lib.method("last", inv -> {
            Args a = inv.bind("collection", "default?");
            Object last = Values.NO_KEY;
            for (Object o : a.iterable("collection")) {
                last = o;
            }
            if (last != Values.NO_KEY) {
                return last;
            }
            if (a.has("default")) {
                return a.get("default");
            }
            throw Errors.error("StopIteration", "");
        });
        lib.method("selectMany", inv -> {
            Args a = inv.bind("collection", "&selector");
            Iterable<Object> items = a.iterable("collection");
            return new LazySeq(inv.ev(), () -> {
                Iterator<Object> it = items.iterator();
                return new Producer() {
                    private Iterator<Object> inner;

                    @Override
                    protected boolean produce() {
                        while (true) {
                            if (inner != null && inner.hasNext()) {
                                return emit(inner.next());
                            }
                            if (!it.hasNext()) {
                                return false;
                            }
                            Object v = a.lambda("selector").call(it.next());
                            Iterable<Object> many = Values.iterable(v);
                            inner = many != null
                                    ? many.iterator()
                                    : Collections.singletonList(v).iterator();
                        }
                    }
                };
            });
        });
        lib.function("range", inv -> {
            Args a = inv.bind("start", "stop?", "step?");
            long start = a.has("stop") ? a.integer("start") : 0;
            long stop = a.has("stop") ? a.integer("stop") : a.integer("start");
            long step = a.integer("step", 1);
            if (step == 0) {
                throw Errors.valueError("range() arg 3 must not be zero");
            }
            return Sequences.count(inv.ev(), start, stop, step, true);
        });
        lib.function("sequence", inv -> {
            Args a = inv.bind("start?", "step?");
            return Sequences.count(inv.ev(), a.integer("start", 0), 0, a.integer("step", 1), false);
        });
        lib.method("orderBy", inv -> order(inv, true));
        lib.method("orderByDescending", inv -> order(inv, false));
        lib.method("thenBy", inv -> then(inv, true));
        lib.method("thenByDescending", inv -> then(inv, false));
        lib.method("groupBy", StdQueries::groupBy);
        lib.method("zip", inv -> zip(inv.ev(), inv.bind("*collections").rest(), false, null, inv));
        lib.method("zipLongest", inv -> {
            Args a = inv.bind("*collections", "**kwargs");
            return zip(inv.ev(), a.rest(), true, a.kwargs().get("default"), inv);
        });
        lib.method("repeat", inv -> {
            Args a = inv.bind("value", "times?");
            long times = a.integer("times", -1);
            Object v = a.get("value");
            return Sequences.map(inv.ev(), Sequences.count(inv.ev(), 0, times, 1, times >= 0), i -> v);
        });
        lib.method("cycle", inv -> {
            Iterable<Object> items = inv.bind("collection").iterable("collection");
            return new LazySeq(inv.ev(), () -> new Producer() {
                private Iterator<Object> it = items.iterator();
                private boolean any;

                @Override
                protected boolean produce() {
                    if (!it.hasNext()) {
                        if (!any) {
                            return false;
                        }
                        it = items.iterator();
                    }
                    any = true;
                    return it.hasNext() && emit(it.next());
                }
            });
        });
        lib.method("takeWhile", inv -> {
            Args a = inv.bind("collection", "&predicate");
            Iterable<Object> items = a.iterable("collection");
            return new LazySeq(inv.ev(), () -> {
                Iterator<Object> it = items.iterator();
                return new Producer() {
                    private boolean stopped;

                    @Override
                    protected boolean produce() {
                        if (stopped || !it.hasNext()) {
                            return false;
                        }
                        Object o = it.next();
                        if (!a.lambda("predicate").test(o)) {
                            stopped = true;
                            return false;
                        }
                        return emit(o);
                    }
                };
            });
        });
        lib.method("skipWhile", inv -> {
            Args a = inv.bind("collection", "&predicate");
            Iterable<Object> items = a.iterable("collection");
            return new LazySeq(inv.ev(), () -> {
                Iterator<Object> it = items.iterator();
                return new Producer() {
                    private boolean skipping = true;

                    @Override
                    protected boolean produce() {
                        while (it.hasNext()) {
                            Object o = it.next();
                            if (skipping && a.lambda("predicate").test(o)) {
                                continue;
                            }
                            skipping = false;
                            return emit(o);
                        }
                        return false;
                    }
                };
            });
        });
        lib.method("indexWhere", inv -> indexWhere(inv, false));
        lib.method("lastIndexWhere", inv -> indexWhere(inv, true));
        lib.method("slice", inv -> {
            Args a = inv.bind("collection", "length");
            long length = a.integer("length");
            if (length <= 0) {
                throw Errors.valueError(
                        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
            }
            List<Object> all = inv.ev().collect(a.iterable("collection"));
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i += length) {
                out.add(Collections.unmodifiableList(
                        new ArrayList<>(all.subList(i, (int) Math.min(all.size(), i + length)))));
            }
            return Sequences.of(inv.ev(), out);
        });
        lib.method("splitWhere", inv -> splitWhere(inv, false));
        lib.method("sliceWhere", inv -> splitWhere(inv, true));
        lib.method("splitAt", inv -> {
            Args a = inv.bind("collection", "index");
            List<Object> all = inv.ev().collect(a.iterable("collection"));
            long i = a.integer("index");
            int n = all.size();
            int cut = (int) (i < 0 ? Math.max(0, i + n) : Math.min(i, n));
            return inv.ev().list(new ArrayList<>(List.of(all.subList(0, cut), all.subList(cut, n))));
        });
        Builtin aggregate = inv -> {
            Args a = inv.bind("collection", "&selector", "seed?");
            return reduce(
                    a.iterable("collection"), (x, y) -> a.lambda("selector").call(x, y), a.has("seed"), a.get("seed"));
        };
        lib.method("aggregate", aggregate);
        lib.method("reduce", aggregate);
        lib.method("accumulate", StdQueries::accumulate);
        lib.method("reverse", inv -> {
            List<Object> all =
                    new ArrayList<>(inv.ev().collect(inv.bind("collection").iterable("collection")));
            Collections.reverse(all);
            return Sequences.of(inv.ev(), all);
        });
        lib.method("mergeWith", StdQueries::mergeWith);
        lib.function("isIterable", inv -> Values.iterable(inv.bind("value").get("value")) != null);
        lib.function("generate", StdQueries::generate);
        lib.function("generateMany", StdQueries::generateMany);
        lib.method("defaultIfEmpty", inv -> {
            Args a = inv.bind("collection", "default");
            Iterable<Object> items = a.iterable("collection");
            a.iterable("default");
            return items.iterator().hasNext() ? items : a.get("default");
        });
    }

    static List<Object> pair(Object a, Object b) {
        return Collections.unmodifiableList(java.util.Arrays.asList(a, b));
    }

    /** {@code concat(c1, c2, ...)} over collections (the string concat is in {@link StdStrings}). */
    static Object concat(Invocation inv, List<Object> collections) {
        List<Iterable<Object>> parts = new ArrayList<>();
        for (Object c : collections) {
            Iterable<Object> it = Values.iterable(c);
            if (it == null) {
                throw inv.noMatch();
            }
            parts.add(it);
        }
        return Sequences.concat(inv.ev(), parts);
    }

    interface Fold {
        Object apply(Object acc, Object item);
    }

    static Object reduce(Iterable<Object> items, Fold f, boolean seeded, Object seed) {
        Iterator<Object> it = items.iterator();
        Object acc;
        if (seeded) {
            acc = seed;
        } else if (it.hasNext()) {
            acc = it.next();
        } else {
            throw Errors.typeError("reduce() of empty iterable with no initial value");
        }
        while (it.hasNext()) {
            acc = f.apply(acc, it.next());
        }
        return acc;
    }

    /** sum(), max(), min(): a fold with YAQL's operator, starting from {@code initial} when given. */
    private static Object aggregate(Invocation inv, Fold f) {
        Args a = inv.bind("collection", "initial?");
        return reduce(a.iterable("collection"), f, a.has("initial"), a.get("initial"));
    }

    private static Object distinct(Invocation inv) {
        Args a = inv.bind("collection", "&keySelector?");
        Iterable<Object> items = a.iterable("collection");
        Lambda key = a.lambda("keySelector");
        return new LazySeq(inv.ev(), () -> {
            Iterator<Object> it = items.iterator();
            Set<Object> seen = new HashSet<>();
            return new Producer() {
                @Override
                protected boolean produce() {
                    while (it.hasNext()) {
                        Object o = it.next();
                        Object k = Values.key(Values.materialize(key == null ? o : key.call(o), inv.ev()));
                        if (seen.add(k)) {
                            inv.ev().checkSize(seen.size());
                            return emit(o);
                        }
                    }
                    return false;
                }
            };
        });
    }

    private static Object order(Invocation inv, boolean ascending) {
        Args a = inv.bind("collection", "&selector");
        return Ordering.of(a.iterable("collection"), a.lambda("selector"), ascending, inv.ev());
    }

    private static Object then(Invocation inv, boolean ascending) {
        Args a = inv.bind("collection", "&selector");
        if (!(a.get("collection") instanceof Ordering o)) {
            throw inv.noMatch();
        }
        return o.then(a.lambda("selector"), ascending);
    }

    /** {@code groupBy(key, value => null, aggregator => null)}: [key, values] pairs in first-seen key order. */
    private static Object groupBy(Invocation inv) {
        Args a = inv.bind("collection", "&keySelector", "&valueSelector?", "&aggregator?");
        Map<Object, Object[]> groups = new LinkedHashMap<>();
        Lambda values = a.lambda("valueSelector");
        for (Object o : a.iterable("collection")) {
            Object key = a.lambda("keySelector").call(o);
            Object[] group = groups.computeIfAbsent(
                    Values.key(Values.materialize(key, inv.ev())), k -> new Object[] {key, new ArrayList<>()});
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) group[1];
            list.add(values == null ? o : values.call(o));
            inv.ev().checkSize(list.size());
        }
        inv.ev().checkSize(groups.size());
        List<Object> out = new ArrayList<>();
        Lambda aggregator = a.lambda("aggregator");
        for (Object[] g : groups.values()) {
            @SuppressWarnings("unchecked")
            List<Object> list = Collections.unmodifiableList((List<Object>) g[1]);
            out.add(pair(g[0], aggregator == null ? list : aggregator.call(list)));
        }
        return Sequences.of(inv.ev(), out);
    }

    private static Object zip(Evaluation ev, List<Object> collections, boolean longest, Object fill, Invocation inv) {
        List<Iterable<Object>> sources = new ArrayList<>();
        for (Object c : collections) {
            Iterable<Object> it = Values.iterable(c);
            if (it == null) {
                throw inv.noMatch();
            }
            sources.add(it);
        }
        return new LazySeq(ev, () -> {
            List<Iterator<Object>> its = new ArrayList<>();
            sources.forEach(s -> its.add(s.iterator()));
            return new Producer() {
                @Override
                protected boolean produce() {
                    if (its.isEmpty()) {
                        return false;
                    }
                    List<Object> row = new ArrayList<>();
                    boolean anyLeft = false;
                    for (Iterator<Object> it : its) {
                        if (it.hasNext()) {
                            anyLeft = true;
                            row.add(it.next());
                        } else if (longest) {
                            row.add(fill);
                        } else {
                            return false;
                        }
                    }
                    return anyLeft && emit(Collections.unmodifiableList(row));
                }
            };
        });
    }

    static Object join(Invocation inv) {
        Args a = inv.bind("collection1", "collection2", "&predicate", "&selector");
        Iterable<Object> left = a.iterable("collection1");
        List<Object> right = inv.ev().collect(a.iterable("collection2"));
        List<Object> out = new ArrayList<>();
        for (Object x : left) {
            for (Object y : right) {
                inv.ev().tick();
                if (a.lambda("predicate").test(x, y)) {
                    out.add(a.lambda("selector").call(x, y));
                    inv.ev().checkSize(out.size());
                }
            }
        }
        return Sequences.of(inv.ev(), out);
    }

    private static Object indexWhere(Invocation inv, boolean last) {
        Args a = inv.bind("collection", "&predicate");
        long found = -1;
        long i = 0;
        for (Object o : a.iterable("collection")) {
            if (a.lambda("predicate").test(o)) {
                found = i;
                if (!last) {
                    break;
                }
            }
            i++;
        }
        return found;
    }

    /** splitWhere: cut at (and drop) matching elements; sliceWhere: cut where the predicate's value changes. */
    private static Object splitWhere(Invocation inv, boolean slice) {
        Args a = inv.bind("collection", "&predicate");
        List<Object> all = inv.ev().collect(a.iterable("collection"));
        List<Object> out = new ArrayList<>();
        int start = 0;
        Object previous = Values.NO_KEY;
        for (int end = 0; end < all.size(); end++) {
            Object p = a.lambda("predicate").call(all.get(end));
            if (slice) {
                if (previous != Values.NO_KEY && !Values.pyEquals(p, previous)) {
                    out.add(Collections.unmodifiableList(new ArrayList<>(all.subList(start, end))));
                    start = end;
                }
                previous = p;
            } else if (Values.truthy(p)) {
                out.add(Collections.unmodifiableList(new ArrayList<>(all.subList(start, end))));
                start = end + 1;
            }
        }
        if (start < all.size() || (slice && start != all.size())) {
            out.add(Collections.unmodifiableList(new ArrayList<>(all.subList(start, all.size()))));
        }
        return Sequences.of(inv.ev(), out);
    }

    private static Object accumulate(Invocation inv) {
        Args a = inv.bind("collection", "&selector", "seed?");
        Iterator<Object> it = a.iterable("collection").iterator();
        List<Object> out = new ArrayList<>();
        Object total;
        if (a.has("seed")) {
            total = a.get("seed");
        } else if (it.hasNext()) {
            total = it.next();
        } else {
            throw Errors.typeError("accumulate() of empty sequence with no initial value");
        }
        out.add(total);
        while (it.hasNext()) {
            total = a.lambda("selector").call(total, it.next());
            out.add(total);
            inv.ev().checkSize(out.size());
        }
        return Sequences.of(inv.ev(), out);
    }

    private static Object mergeWith(Invocation inv) {
        Args a = inv.bind("dict", "another", "&listMerger?", "&itemMerger?", "maxLevels?");
        Lambda listMerger = a.lambda("listMerger");
        Lambda itemMerger = a.lambda("itemMerger");
        return merge(inv, a.map("dict"), a.map("another"), listMerger, itemMerger, a.integer("maxLevels", 0));
    }

    private static Map<Object, Object> merge(
            Invocation inv, Map<?, ?> d1, Map<?, ?> d2, Lambda listMerger, Lambda itemMerger, long maxLevels) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : d1.entrySet()) {
            Object key = e.getKey();
            Object v1 = e.getValue();
            out.put(key, v1);
            Object v2 = Values.lookup(d2, key);
            if (v2 == Values.NO_KEY) {
                continue;
            }
            if (maxLevels != 1 && v2 instanceof Map<?, ?> m2) {
                if (!(v1 instanceof Map<?, ?> m1)) {
                    throw Errors.typeError("Cannot merge " + pyType(v1) + " with " + pyType(v2));
                }
                out.put(key, merge(inv, m1, m2, listMerger, itemMerger, maxLevels == 0 ? 0 : maxLevels - 1));
            } else if (maxLevels != 1 && v2 instanceof List<?> l2) {
                if (!(v1 instanceof List<?> l1)) {
                    throw Errors.typeError("Cannot merge " + pyType(v1) + " with " + pyType(v2));
                }
                if (listMerger != null) {
                    out.put(key, listMerger.call(l1, l2));
                } else {
                    List<Object> both = new ArrayList<>(l1);
                    both.addAll(l2);
                    List<Object> unique = new ArrayList<>();
                    Set<Object> seen = new HashSet<>();
                    for (Object o : both) {
                        if (seen.add(Values.key(o))) {
                            unique.add(o);
                        }
                    }
                    out.put(key, inv.ev().list(unique));
                }
            } else {
                out.put(key, itemMerger == null ? v2 : itemMerger.call(v1, v2));
            }
        }
        for (Map.Entry<?, ?> e : d2.entrySet()) {
            if (!Values.containsKey(out, e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return Maps.finish(out, inv.ev());
    }

    private static String pyType(Object v) {
        return "<class '" + (v instanceof Map<?, ?> ? "yaql.language.utils.FrozenDict" : PyTypes.name(v)) + "'>";
    }

    private static Object generate(Invocation inv) {
        Args a = inv.bind("initial", "&predicate", "&producer", "&selector?", "decycle?");
        Lambda predicate = a.lambda("predicate");
        Lambda producer = a.lambda("producer");
        Lambda selector = a.lambda("selector");
        boolean decycle = a.bool("decycle", false);
        return new LazySeq(inv.ev(), () -> new Producer() {
            private Object current = a.get("initial");
            private final Set<Object> seen = new HashSet<>();

            @Override
            protected boolean produce() {
                if (!predicate.test(current)) {
                    return false;
                }
                if (decycle && !seen.add(Values.key(Values.materialize(current, inv.ev())))) {
                    return false;
                }
                Object out = selector == null ? current : selector.call(current);
                current = producer.call(current);
                return emit(out);
            }
        });
    }

    private static Object generateMany(Invocation inv) {
        Args a = inv.bind("initial", "&producer", "&selector?", "decycle?", "depthFirst?");
        Lambda producer = a.lambda("producer");
        Lambda selector = a.lambda("selector");
        boolean decycle = a.bool("decycle", false);
        boolean depthFirst = a.bool("depthFirst", false);
        return new LazySeq(inv.ev(), () -> new Producer() {
            private final java.util.LinkedList<Object> queue =
                    new java.util.LinkedList<>(Collections.singletonList(a.get("initial")));
            private final Set<Object> seen = new HashSet<>();

            @Override
            protected boolean produce() {
                while (!queue.isEmpty()) {
                    Object item = queue.pollFirst();
                    if (decycle && !seen.add(Values.key(Values.materialize(item, inv.ev())))) {
                        continue;
                    }
                    Object out = selector == null ? item : selector.call(item);
                    Iterable<Object> produced = Values.iterable(producer.call(item));
                    if (produced == null) {
                        throw Errors.typeError("the producer of generateMany() must return a collection");
                    }
                    List<Object> children = inv.ev().collect(produced);
                    if (depthFirst) {
                        for (int i = children.size() - 1; i >= 0; i--) {
                            queue.addFirst(children.get(i));
                        }
                    } else {
                        queue.addAll(children);
                    }
                    inv.ev().checkSize(queue.size());
                    return emit(out);
                }
                return false;
            }
        });
    }
}
