package io.squall.engine.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Functions that replace Jinjava's where its version would exceed a limit silently. */
public final class SandboxFunctions {
    private SandboxFunctions() {}

    /**
     * Python's {@code range(stop)}, {@code range(start, stop[, step])}. Jinjava's stops at its limit without a word
     * (so a loop would run short and the result be wrong); this one fails the rendering, naming the call.
     */
    public static List<Long> range(Object first, Object... rest) {
        RenderBudget.check();
        long start = 0;
        long stop;
        long step = 1;
        if (rest.length == 0) {
            stop = integer(first, "stop");
        } else {
            start = integer(first, "start");
            stop = integer(rest[0], "stop");
            if (rest.length > 1) {
                step = integer(rest[1], "step");
            }
        }
        if (step == 0) {
            throw new IllegalArgumentException("range() arg 3 must not be zero");
        }
        long count;
        try {
            long span = step > 0 ? Math.subtractExact(stop, start) : Math.subtractExact(start, stop);
            long by = Math.abs(step);
            count = span <= 0 ? 0 : (span - 1) / by + 1;
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE;
        }
        TemplateLimits limits = RenderBudget.limits();
        int max = limits == null ? TemplateLimits.DEFAULTS.maxRange() : limits.maxRange();
        if (count > max) {
            String call = "range("
                    + Arrays.stream(prepend(first, rest)).map(String::valueOf).collect(Collectors.joining(", ")) + ")";
            throw RenderBudget.exceed(call + " would make " + count + " values, over the limit of " + max);
        }
        List<Long> values = new ArrayList<>((int) count);
        for (long i = 0, value = start; i < count; i++, value += step) {
            values.add(value);
        }
        return values;
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static long integer(Object value, String name) {
        if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
            return n.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("range() " + name + " must be an integer, got " + value);
    }
}
