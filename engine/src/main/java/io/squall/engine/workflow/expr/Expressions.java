package io.squall.engine.workflow.expr;

import io.squall.engine.template.KvLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Evaluates workflow statements in either language (Orquesta's expressions/base.py): a map (keys and values), a
 * list or a string is evaluated recursively; a string is handed to the first language whose expressions it holds
 * (YAQL, then Jinja); anything else is returned as is. One instance is thread-safe.
 */
public final class Expressions {
    /** A variable an expression reads: the language, the statement it is in, the variable's name. */
    public record VarRef(String type, String statement, String name) implements Comparable<VarRef> {
        @Override
        public int compareTo(VarRef o) {
            int c = name.compareTo(o.name);
            if (c != 0) {
                return c;
            }
            c = type.compareTo(o.type);
            return c != 0 ? c : statement.compareTo(o.statement);
        }
    }

    private final List<ExpressionEvaluator> evaluators;

    public Expressions(List<ExpressionEvaluator> evaluators) {
        this.evaluators = List.copyOf(evaluators);
    }

    /** YAQL and Jinja, reading the datastore through {@code kv}. */
    public static Expressions standard(KvLookup kv) {
        return new Expressions(List.of(new YaqlEvaluator(kv), new JinjaEvaluator(kv)));
    }

    public List<ExpressionEvaluator> evaluators() {
        return evaluators;
    }

    public boolean hasExpressions(String text) {
        return evaluators.stream().anyMatch(e -> e.hasExpressions(text));
    }

    public Object evaluate(Object statement, Map<String, Object> data) {
        if (statement instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = evaluate(e.getKey(), data);
                out.put(
                        k instanceof String s ? s : io.squall.engine.workflow.Values.pyStr(k),
                        evaluate(e.getValue(), data));
            }
            return out;
        }
        if (statement instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(evaluate(x, data)));
            return out;
        }
        if (statement instanceof String s) {
            for (ExpressionEvaluator e : evaluators) {
                if (e.hasExpressions(s)) {
                    return e.evaluate(s, data);
                }
            }
        }
        return statement;
    }

    /** Syntax errors in a statement; a string mixing both languages is an error of its own. */
    public List<Map<String, Object>> validate(Object statement) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (statement instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                errors.addAll(validate(k));
                errors.addAll(validate(v));
            });
        } else if (statement instanceof List<?> l) {
            l.forEach(x -> errors.addAll(validate(x)));
        } else if (statement instanceof String s) {
            List<ExpressionEvaluator> found =
                    evaluators.stream().filter(e -> e.hasExpressions(s)).toList();
            if (found.size() == 1) {
                errors.addAll(found.get(0).validate(s));
            } else if (found.size() > 1) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", null);
                e.put("expression", s);
                e.put("message", "Expression with multiple types is not supported.");
                errors.add(e);
            }
        }
        return errors;
    }

    /** The ctx() variables a statement reads, sorted by name. */
    public List<VarRef> extractVars(Object statement) {
        TreeSet<VarRef> vars = new TreeSet<>();
        collect(statement, vars);
        return new ArrayList<>(vars);
    }

    private void collect(Object statement, TreeSet<VarRef> vars) {
        if (statement instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                collect(k, vars);
                collect(v, vars);
            });
        } else if (statement instanceof List<?> l) {
            l.forEach(x -> collect(x, vars));
        } else if (statement instanceof String s) {
            for (ExpressionEvaluator e : evaluators) {
                for (String ref : e.extractVars(s)) {
                    for (String name : CtxReferences.names(ref)) {
                        vars.add(new VarRef(e.type(), s, name));
                    }
                }
            }
        }
    }
}
