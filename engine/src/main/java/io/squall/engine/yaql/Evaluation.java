package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The budget of one {@link YaqlExpression#evaluate} call: operations done, current depth, and the limits. */
final class Evaluation {
    final YaqlLimits limits;
    private long operations;
    private int depth;

    Evaluation(YaqlLimits limits) {
        this.limits = limits;
    }

    void tick() {
        if (++operations > limits.maxOperations()) {
            throw Errors.limit("Expression evaluation exceeds " + limits.maxOperations() + " operations");
        }
    }

    void tick(long n) {
        operations += n;
        if (operations > limits.maxOperations() || operations < 0) {
            throw Errors.limit("Expression evaluation exceeds " + limits.maxOperations() + " operations");
        }
    }

    void enter() {
        if (++depth > limits.maxDepth()) {
            depth = 0; // the error unwinds everything; leave no stale count behind
            throw Errors.limit("Expression nesting exceeds " + limits.maxDepth() + " levels");
        }
    }

    void exit() {
        if (depth > 0) {
            depth--;
        }
    }

    /** Before producing a collection of {@code size} elements. */
    void checkSize(long size) {
        if (size > limits.maxCollectionSize()) {
            throw Errors.limit("Collection length exceeds " + limits.maxCollectionSize() + " elements");
        }
    }

    /** Before producing a string of {@code length} characters. */
    void checkLength(long length) {
        if (length > limits.maxStringLength()) {
            throw Errors.limit("String length exceeds " + limits.maxStringLength() + " characters");
        }
    }

    String string(String s) {
        checkLength(s.length());
        return s;
    }

    /** A finished list, checked against the collection limit and made unmodifiable. */
    List<Object> list(List<Object> items) {
        checkSize(items.size());
        return Collections.unmodifiableList(items);
    }

    /** Materialises an iterable into a list, failing as soon as it outgrows the collection limit. */
    List<Object> collect(Iterable<?> items) {
        if (items instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        }
        List<Object> out = new ArrayList<>();
        for (Object o : items) {
            out.add(o);
            if (out.size() > limits.maxCollectionSize()) {
                checkSize(out.size());
            }
        }
        return Collections.unmodifiableList(out);
    }
}
