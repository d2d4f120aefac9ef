package io.squall.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every filter runs behind a guard: it checks the rendering's {@link RenderBudget} first; filters that can make
 * far more than they are given ({@code join}, {@code format}, {@code center}, {@code indent}, {@code replace},
 * {@code batch}, {@code slice}) have their arguments checked against the {@link TemplateLimits} before they run, so
 * no single call allocates past them; and no filter may return a string or a collection over the limits.
 */
final class SandboxFilters {
    /** A java.util.Formatter specifier's width and precision. */
    private static final Pattern FORMAT_SPEC = Pattern.compile("%(?:\\d+\\$)?[-#+ 0,(<]*(\\d+)?(?:\\.(\\d+))?");

    /** Filters that take a missing datastore key as undefined instead of failing on it. */
    private static final java.util.Set<String> USES_MISSING = java.util.Set.of("default", "d", "decrypt_kv");

    private SandboxFilters() {}

    static Filter guard(Filter filter) {
        return filter instanceof Guarded ? filter : new Guarded(filter);
    }

    /** A filter that fails the rendering with the reason it is not available. */
    static Filter unavailable(String name, String reason) {
        return new AdvancedFilter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(
                    Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                throw RenderBudget.exceed("filter '" + name + "' is not available: " + reason);
            }
        };
    }

    private record Guarded(Filter delegate) implements AdvancedFilter {
        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            RenderBudget.check();
            if (var instanceof KvValues.Missing missing && !USES_MISSING.contains(getName())) {
                throw KvValues.missing(missing); // | int would make a missing key 0
            }
            TemplateLimits limits = RenderBudget.limits();
            if (limits != null) {
                checkArguments(getName(), var, args, kwargs, limits);
            }
            Object result = delegate.filter(var, interpreter, args, kwargs);
            if (limits != null) {
                checkResult(getName(), result, limits);
            }
            return result;
        }

        @Override
        public boolean preserveSafeString() {
            return delegate.preserveSafeString();
        }
    }

    private static void checkArguments(
            String name, Object var, Object[] args, Map<String, Object> kwargs, TemplateLimits limits) {
        long max = limits.maxOutputChars();
        switch (name) {
            case "join" -> {
                String separator = text(arg(args, kwargs, 0, "d", ""));
                long total = 0;
                int count = 0;
                for (Object item : items(var)) {
                    total += text(item).length() + (count++ > 0 ? separator.length() : 0);
                    if (total > max) {
                        throw tooLong(name, total, limits);
                    }
                }
            }
            case "format" -> {
                Matcher spec = FORMAT_SPEC.matcher(text(var));
                while (spec.find()) {
                    for (int group = 1; group <= 2; group++) {
                        if (spec.group(group) != null
                                && (spec.group(group).length() > 9 || Long.parseLong(spec.group(group)) > max)) {
                            throw RenderBudget.exceed("filter 'format': the width or precision in '" + spec.group()
                                    + "' is over the limit of " + max + " characters");
                        }
                    }
                }
            }
            case "center", "indent" -> {
                long width = number(arg(args, kwargs, 0, "width", name.equals("center") ? 80 : 4));
                long lines = name.equals("indent")
                        ? text(var).chars().filter(c -> c == '\n').count() + 1
                        : 1;
                long total = text(var).length() + Math.max(0, width) * lines;
                if (width > max || total > max) {
                    throw tooLong(name, total, limits);
                }
            }
            case "replace" -> {
                String value = text(var);
                String old = text(arg(args, kwargs, 0, "old", ""));
                String replacement = text(arg(args, kwargs, 1, "new", ""));
                long occurrences = old.isEmpty() ? value.length() + 1L : count(value, old);
                long total = value.length() + occurrences * (replacement.length() - (long) old.length());
                if (total > max) {
                    throw tooLong(name, total, limits);
                }
            }
            case "batch", "slice" -> {
                long size = number(arg(args, kwargs, 0, name.equals("batch") ? "linecount" : "slices", 1));
                if (size > limits.maxCollectionSize()) {
                    throw RenderBudget.exceed("filter '" + name + "': " + size + " is over the limit of "
                            + limits.maxCollectionSize() + " elements");
                }
            }
            default -> {}
        }
    }

    private static void checkResult(String name, Object result, TemplateLimits limits) {
        if (result instanceof CharSequence text && text.length() > limits.maxOutputChars()) {
            throw tooLong(name, text.length(), limits);
        }
        long size = result instanceof Collection<?> c ? c.size() : result instanceof Map<?, ?> m ? m.size() : -1;
        if (size > limits.maxCollectionSize()) {
            throw RenderBudget.exceed("filter '" + name + "' made " + size + " elements, over the limit of "
                    + limits.maxCollectionSize());
        }
    }

    private static RenderBudget.Exceeded tooLong(String name, long length, TemplateLimits limits) {
        return RenderBudget.exceed("filter '" + name + "' would make " + length + " characters, over the limit of "
                + limits.maxOutputChars());
    }

    private static Object arg(Object[] args, Map<String, Object> kwargs, int index, String name, Object fallback) {
        if (args != null && args.length > index && args[index] != null) {
            return args[index];
        }
        if (kwargs != null && kwargs.get(name) != null) {
            return kwargs.get(name);
        }
        return fallback;
    }

    private static Iterable<?> items(Object value) {
        if (value instanceof Iterable<?> iterable) {
            return iterable;
        }
        if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            java.util.List<Object> list = new java.util.ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        return java.util.List.of();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return (long) Double.parseDouble(text(value).strip());
        } catch (NumberFormatException e) {
            return 0; // the filter itself reports what it cannot use
        }
    }

    private static long count(String value, String part) {
        long found = 0;
        for (int at = value.indexOf(part); at >= 0; at = value.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }
}
