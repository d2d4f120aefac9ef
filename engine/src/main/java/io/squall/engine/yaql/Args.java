package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments bound to a library function's parameters, YAQL-style: positional first (the receiver of a method call
 * is the first), then {@code name => value} by camelCase name (snake_case accepted too). Parameter notation:
 * {@code "name"} required, {@code "name?"} optional, a leading {@code &} makes it a lazy {@link Lambda},
 * {@code "*name"} collects the remaining positional arguments, {@code "**name"} the remaining named ones.
 * Anything that does not fit is YAQL's NoMatchingFunction/NoMatchingMethod error; so is a wrong type on access.
 */
final class Args {
    private final Invocation inv;
    private final Map<String, Object> values = new HashMap<>();
    private final List<Object> rest = new ArrayList<>();
    private final Map<String, Object> kwargs = new LinkedHashMap<>();

    private Args(Invocation inv) {
        this.inv = inv;
    }

    private record Param(String name, boolean lazy, boolean optional, boolean varargs, boolean kw) {
        static Param of(String spec) {
            boolean lazy = spec.startsWith("&");
            String s = lazy ? spec.substring(1) : spec;
            boolean kw = s.startsWith("**");
            boolean varargs = !kw && s.startsWith("*");
            s = s.replace("*", "");
            boolean optional = s.endsWith("?");
            return new Param(optional ? s.substring(0, s.length() - 1) : s, lazy, optional, varargs, kw);
        }
    }

    static Args bind(Invocation inv, String... specs) {
        Args a = new Args(inv);
        List<Param> params = new ArrayList<>();
        for (String s : specs) {
            params.add(Param.of(s));
        }
        // split the call's arguments: positional (receiver first) and named
        List<Object> positional = new ArrayList<>(); // Node, or an evaluated receiver wrapped in Given
        Map<String, Node> named = new LinkedHashMap<>();
        if (inv.method) {
            positional.add(new Given(inv.receiver));
        }
        for (Node n : inv.args) {
            if (n instanceof Node.MappingRule rule) {
                if (!(rule.key() instanceof Node.Keyword k)) {
                    throw Errors.mappingTranslation();
                }
                if (named.put(camel(k.name()), rule.value()) != null) {
                    throw Errors.mappingTranslation();
                }
            } else {
                positional.add(n);
            }
        }
        int p = 0;
        for (Param param : params) {
            if (param.kw) {
                continue;
            }
            if (param.varargs) {
                while (p < positional.size()) {
                    Object arg = positional.get(p++);
                    if (arg instanceof Node.Skip) {
                        throw inv.noMatch();
                    }
                    a.rest.add(a.value(param, arg));
                }
                continue;
            }
            Node byName = named.remove(param.name);
            if (p < positional.size()) {
                Object arg = positional.get(p++);
                if (byName != null) {
                    throw inv.noMatch(); // given twice
                }
                if (arg instanceof Node.Skip) {
                    if (!param.optional) {
                        throw inv.noMatch();
                    }
                    continue;
                }
                a.values.put(param.name, a.value(param, arg));
            } else if (byName != null) {
                a.values.put(param.name, a.value(param, byName));
            } else if (!param.optional) {
                throw inv.noMatch();
            }
        }
        if (p < positional.size()) {
            throw inv.noMatch();
        }
        boolean takesKwargs = params.stream().anyMatch(Param::kw);
        if (!named.isEmpty() && !takesKwargs) {
            throw inv.noMatch();
        }
        for (Map.Entry<String, Node> e : named.entrySet()) {
            a.kwargs.put(e.getKey(), inv.eval(e.getValue()));
        }
        return a;
    }

    private record Given(Object value) {}

    private Object value(Param param, Object arg) {
        if (arg instanceof Given g) {
            return g.value;
        }
        Node n = (Node) arg;
        return param.lazy ? new Lambda(n, inv.ctx) : inv.eval(n);
    }

    /** {@code max_splits} → {@code maxSplits}. */
    static String camel(String name) {
        if (name.indexOf('_') < 0) {
            return name;
        }
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '_' && b.length() > 0) {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Object get(String name) {
        return values.get(name);
    }

    Object get(String name, Object fallback) {
        return values.containsKey(name) ? values.get(name) : fallback;
    }

    List<Object> rest() {
        return rest;
    }

    Map<String, Object> kwargs() {
        return kwargs;
    }

    String string(String name) {
        if (values.get(name) instanceof String s) {
            return s;
        }
        throw inv.noMatch();
    }

    /** A string parameter that may be null or absent. */
    String stringOrNull(String name) {
        Object v = values.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw inv.noMatch();
    }

    long integer(String name) {
        Long l = PyNumbers.asIndex(values.get(name));
        if (l == null) {
            throw inv.noMatch();
        }
        return l;
    }

    long integer(String name, long fallback) {
        return has(name) ? integer(name) : fallback;
    }

    /** An int or float, not a bool. */
    Object number(String name) {
        Object v = values.get(name);
        if (!PyNumbers.isNumber(v)) {
            throw inv.noMatch();
        }
        return v;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        if (values.get(name) instanceof Boolean b) {
            return b;
        }
        throw inv.noMatch();
    }

    Iterable<Object> iterable(String name) {
        Iterable<Object> it = Values.iterable(values.get(name));
        if (it == null) {
            throw inv.noMatch();
        }
        return it;
    }

    /** A sequence (list) parameter; YAQL's lazy iterators are no sequences. */
    List<Object> list(String name) {
        if (values.get(name) instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        }
        throw inv.noMatch();
    }

    Map<Object, Object> map(String name) {
        if (values.get(name) instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) m;
            return map;
        }
        throw inv.noMatch();
    }

    Lambda lambda(String name) {
        return (Lambda) values.get(name);
    }

    Evaluation ev() {
        return inv.ev();
    }
}
