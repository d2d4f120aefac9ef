package io.squall.engine.yaql;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** Lazy building blocks for the query functions (Python's map, filter, chain, islice, count). */
final class Sequences {
    private Sequences() {}

    static LazySeq map(Evaluation ev, Iterable<Object> source, Function<Object, Object> f) {
        return new LazySeq(ev, () -> {
            Iterator<Object> it = source.iterator();
            return new Producer() {
                @Override
                protected boolean produce() {
                    return it.hasNext() && emit(f.apply(it.next()));
                }
            };
        });
    }

    static LazySeq filter(Evaluation ev, Iterable<Object> source, Predicate<Object> p) {
        return new LazySeq(ev, () -> {
            Iterator<Object> it = source.iterator();
            return new Producer() {
                @Override
                protected boolean produce() {
                    while (it.hasNext()) {
                        Object o = it.next();
                        if (p.test(o)) {
                            return emit(o);
                        }
                    }
                    return false;
                }
            };
        });
    }

    static LazySeq concat(Evaluation ev, List<Iterable<Object>> parts) {
        return new LazySeq(ev, () -> new Producer() {
            private int part;
            private Iterator<Object> it;

            @Override
            protected boolean produce() {
                while (true) {
                    if (it != null && it.hasNext()) {
                        return emit(it.next());
                    }
                    if (part >= parts.size()) {
                        return false;
                    }
                    it = parts.get(part++).iterator();
                }
            }
        });
    }

    /** Python's {@code itertools.islice(source, start, stop)}; stop &lt; 0 is no stop. */
    static LazySeq slice(Evaluation ev, Iterable<Object> source, long start, long stop) {
        return new LazySeq(ev, () -> {
            Iterator<Object> it = source.iterator();
            return new Producer() {
                private long i;

                @Override
                protected boolean produce() {
                    while (i < start && it.hasNext()) {
                        ev.tick();
                        it.next();
                        i++;
                    }
                    if ((stop >= 0 && i >= stop) || !it.hasNext()) {
                        return false;
                    }
                    i++;
                    return emit(it.next());
                }
            };
        });
    }

    /** {@code start, start + step, ...} up to (excluding) stop; no stop when {@code bounded} is false. */
    static LazySeq count(Evaluation ev, long start, long stop, long step, boolean bounded) {
        return new LazySeq(ev, () -> new Producer() {
            private long next = start;

            @Override
            protected boolean produce() {
                if (bounded && (step > 0 ? next >= stop : next <= stop)) {
                    return false;
                }
                long v = next;
                next += step;
                return emit(v);
            }
        });
    }

    static LazySeq of(Evaluation ev, List<Object> items) {
        return new LazySeq(ev, items::iterator);
    }
}
