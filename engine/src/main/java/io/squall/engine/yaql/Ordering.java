package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The result of {@code orderBy}: sorted when iterated, by each key in turn ({@code thenBy} adds one), each key
 * compared with YAQL's {@code <} and {@code >} (numbers, strings, null first). A stable sort, as Python's.
 */
final class Ordering implements Iterable<Object> {
    private record Key(Lambda selector, boolean ascending) {}

    private final Iterable<Object> source;
    private final List<Key> keys;
    private final Evaluation ev;

    private Ordering(Iterable<Object> source, List<Key> keys, Evaluation ev) {
        this.source = source;
        this.keys = keys;
        this.ev = ev;
    }

    static Ordering of(Iterable<Object> source, Lambda selector, boolean ascending, Evaluation ev) {
        return new Ordering(source, List.of(new Key(selector, ascending)), ev);
    }

    Ordering then(Lambda selector, boolean ascending) {
        List<Key> more = new ArrayList<>(keys);
        more.add(new Key(selector, ascending));
        return new Ordering(source, more, ev);
    }

    @Override
    public Iterator<Object> iterator() {
        List<Object> items = new ArrayList<>(ev.collect(source));
        // selector values once per element and key, as Python's sorted(key=...) computes keys once
        List<Object[]> rows = new ArrayList<>(items.size());
        for (Object item : items) {
            Object[] row = new Object[keys.size() + 1];
            row[0] = item;
            for (int k = 0; k < keys.size(); k++) {
                row[k + 1] = keys.get(k).selector().call(item);
            }
            rows.add(row);
        }
        try {
            rows.sort((a, b) -> {
                ev.tick();
                for (int k = 0; k < keys.size(); k++) {
                    int c;
                    if (Operators.compare("<", a[k + 1], b[k + 1])) {
                        c = -1;
                    } else if (Operators.compare(">", a[k + 1], b[k + 1])) {
                        c = 1;
                    } else {
                        continue;
                    }
                    return keys.get(k).ascending() ? c : -c;
                }
                return 0;
            });
        } catch (IllegalArgumentException e) {
            throw Errors.typeError("inconsistent ordering of the sort keys");
        }
        List<Object> sorted = new ArrayList<>(rows.size());
        rows.forEach(r -> sorted.add(r[0]));
        return sorted.iterator();
    }
}
