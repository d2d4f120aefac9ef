package io.squall.engine.yaql;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A lazily produced sequence, YAQL's Python iterators ({@code where}, {@code select}, {@code range},
 * {@code sequence()}...). Unlike Python's, it can be iterated again (it is produced anew), and each element it
 * yields costs one operation, so an infinite {@code sequence()} stops at the operation limit. As in YAQL it is not a
 * list: it is always true, cannot be indexed and equals only itself; results are materialised at the end.
 */
final class LazySeq implements Iterable<Object> {
    private final Evaluation evaluation;
    private final Supplier<Iterator<Object>> source;

    LazySeq(Evaluation evaluation, Supplier<Iterator<Object>> source) {
        this.evaluation = evaluation;
        this.source = source;
    }

    @Override
    public Iterator<Object> iterator() {
        Iterator<Object> it = source.get();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object next() {
                evaluation.tick();
                return it.next();
            }
        };
    }

    List<Object> toList() {
        return evaluation.collect(this);
    }
}
