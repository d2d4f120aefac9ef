package io.squall.engine.yaql;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator written as a generator: {@link #produce()} either calls {@link #emit} once or returns false. */
abstract class Producer implements Iterator<Object> {
    private Object next;
    private boolean ready;
    private boolean done;

    /** Computes the next element; returns false when there is none. */
    protected abstract boolean produce();

    protected final boolean emit(Object value) {
        next = value;
        ready = true;
        return true;
    }

    @Override
    public final boolean hasNext() {
        if (!ready && !done) {
            if (!produce()) {
                done = true;
            }
        }
        return ready;
    }

    @Override
    public final Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = false;
        Object v = next;
        next = null;
        return v;
    }
}
