package io.squall.engine.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import io.squall.engine.criteria.PyValues;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateException;
import io.squall.engine.template.TemplateRenderer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the parameters a rule or an Execution gives into the parameters an action runs with, as StackStorm's
 * param utils do: given values over the action's defaults; templates (in values and defaults) rendered against
 * the context ({@code trigger}, {@code kv.system}) and each other ({@code {{ other_param }}}) in dependency order,
 * cycles rejected; values cast to the declared types; required, enum, immutable and unknown parameters checked.
 * Every error is a {@link ParameterException} naming the parameter.
 */
public final class ParameterResolver {
    /** StackStorm's MASKED_ATTRIBUTE_VALUE, the same mask everywhere in Squall. */
    public static final String MASK = Names.MASK;

    private final TemplateRenderer renderer;
    private final KvLookup kv;

    public ParameterResolver(TemplateRenderer renderer, KvLookup kv) {
        this.renderer = renderer;
        this.kv = kv;
    }

    /**
     * StackStorm's render_live_params: the parameters a Rule, a Workflow task or a person ({@code st2 run}) wrote
     * in a manifest, whose templates are rendered once here.
     *
     * @param given   the rule's (or Execution's) parameters, possibly templates; may be null
     * @param spec    the action's parameter declarations; null when unknown (then nothing is cast or checked)
     * @param context template variables, e.g. {@code {"trigger": payload}}
     * @return the parameters in declaration order, then undeclared ones (only when {@code spec} is null)
     */
    public Map<String, JsonNode> resolve(
            Map<String, JsonNode> given, Map<String, ParameterSpec> spec, Map<String, JsonNode> context) {
        return resolve(given, Set.of(), spec, context);
    }

    /**
     * StackStorm's render_final_params: {@code values} were produced by rendering (a rule, a workflow, a re-run) or
     * are data for another reason, so they are never rendered; only the defaults of parameters without a value are
     * (they are the Action's own templates and may read the values). Immutable parameters may carry their default
     * (a rule's resolution puts it there), nothing else; values are cast and checked as {@link #resolve} does.
     */
    public Map<String, JsonNode> resolveValues(
            Map<String, JsonNode> values, Map<String, ParameterSpec> spec, Map<String, JsonNode> context) {
        Map<String, JsonNode> supplied = values == null ? Map.of() : values;
        Map<String, JsonNode> overrides = new LinkedHashMap<>(supplied);
        if (spec != null) {
            spec.forEach((name, declaration) -> {
                if (declaration == null
                        || !Boolean.TRUE.equals(declaration.immutable)
                        || !overrides.containsKey(name)) {
                    return;
                }
                // the default wins, as in render_final_params; a rule's resolution wrote the default (or what its
                // template rendered to) here, so only a plain default that differs is someone's override
                JsonNode value = overrides.remove(name);
                JsonNode declared = declaration.defaultValue;
                boolean templated = declared != null && !templates(declared).isEmpty();
                if (value != null
                        && !value.isNull()
                        && !templated
                        && (declared == null || !PyValues.eq(declared, value))) {
                    throw new ParameterException(
                            name, "is immutable; its default " + PyValues.show(declared) + " cannot be overridden");
                }
            });
        }
        return resolve(overrides, overrides.keySet(), spec, context);
    }

    /**
     * @param literal the names in {@code given} whose values are data (e.g. secret values read from a Secret): they
     *                are cast and checked but never rendered; the other given values are templates
     */
    public Map<String, JsonNode> resolve(
            Map<String, JsonNode> given,
            Set<String> literal,
            Map<String, ParameterSpec> spec,
            Map<String, JsonNode> context) {
        Map<String, JsonNode> supplied = given == null ? Map.of() : given;
        if (spec != null) {
            rejectUnknownAndImmutable(supplied, spec);
        }
        Map<String, JsonNode> raw = merge(supplied, spec);
        Set<String> data = new HashSet<>();
        literal.forEach(name -> {
            JsonNode value = supplied.get(name);
            if (value != null && !value.isNull()) {
                data.add(name); // a given null took the default, which is a template like any default
            }
        });
        Map<String, JsonNode> resolved = new LinkedHashMap<>();
        Map<String, JsonNode> variables = new HashMap<>(context);
        for (String name : dependencyOrder(raw, data)) {
            ParameterType type = typeOf(spec, name);
            JsonNode value = data.contains(name) ? raw.get(name) : render(name, raw.get(name), type, variables);
            value = ParameterCaster.cast(name, type, value);
            variables.put(name, value);
            resolved.put(name, value);
        }
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        raw.keySet().forEach(name -> ordered.put(name, resolved.get(name)));
        if (spec != null) {
            validate(ordered, spec);
        }
        return ordered;
    }

    /** A copy with every secret parameter's value replaced by {@value #MASK}. */
    public static Map<String, JsonNode> mask(Map<String, JsonNode> params, Map<String, ParameterSpec> spec) {
        Map<String, JsonNode> masked = new LinkedHashMap<>(params);
        if (spec != null) {
            spec.forEach((name, declaration) -> {
                if (declaration != null && Boolean.TRUE.equals(declaration.secret) && masked.containsKey(name)) {
                    masked.put(name, TextNode.valueOf(MASK));
                }
            });
        }
        return masked;
    }

    private static void rejectUnknownAndImmutable(Map<String, JsonNode> given, Map<String, ParameterSpec> spec) {
        for (String name : given.keySet()) {
            if (!spec.containsKey(name)) {
                throw new ParameterException(
                        name,
                        "the action declares no such parameter (it declares: " + String.join(", ", spec.keySet())
                                + ")");
            }
            ParameterSpec declaration = spec.get(name);
            if (declaration != null && Boolean.TRUE.equals(declaration.immutable)) {
                throw new ParameterException(
                        name,
                        "is immutable; its default " + PyValues.show(declaration.defaultValue)
                                + " cannot be overridden");
            }
        }
    }

    /** Given values over defaults; a given null means "use the default", like StackStorm. */
    private static Map<String, JsonNode> merge(Map<String, JsonNode> given, Map<String, ParameterSpec> spec) {
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        if (spec != null) {
            spec.forEach((name, declaration) -> {
                JsonNode value = given.get(name);
                if ((value == null || value.isNull()) && declaration != null) {
                    value = declaration.defaultValue;
                }
                if (value != null) {
                    raw.put(name, value);
                }
            });
        }
        given.forEach((name, value) -> {
            if (!raw.containsKey(name) && value != null) {
                raw.put(name, value);
            }
        });
        return raw;
    }

    /** Parameters ordered so that each comes after the parameters its templates read; a cycle is an error. */
    private static List<String> dependencyOrder(Map<String, JsonNode> raw, Set<String> data) {
        Map<String, Set<String>> dependencies = new HashMap<>();
        raw.forEach((name, value) -> {
            Set<String> names = new LinkedHashSet<>();
            if (!data.contains(name)) {
                templates(value).forEach(t -> names.addAll(TemplateRenderer.referencedNames(t)));
            }
            names.retainAll(raw.keySet());
            dependencies.put(name, names);
        });
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String name : raw.keySet()) {
            visit(name, dependencies, done, new ArrayDeque<>(), order);
        }
        return order;
    }

    private static void visit(
            String name,
            Map<String, Set<String>> dependencies,
            Set<String> done,
            Deque<String> path,
            List<String> order) {
        if (done.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>();
            for (Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
                cycle.add(it.next());
            }
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            cycle.add(name);
            throw new ParameterException(null, "cyclic dependency between parameters: " + String.join(" -> ", cycle));
        }
        path.push(name);
        for (String dependency : dependencies.get(name)) {
            visit(dependency, dependencies, done, path, order);
        }
        path.pop();
        done.add(name);
        order.add(name);
    }

    private static List<String> templates(JsonNode value) {
        List<String> found = new ArrayList<>();
        if (value.isTextual() && TemplateRenderer.isTemplate(value.textValue())) {
            found.add(value.textValue());
        } else if (value.isContainerNode()) {
            value.forEach(child -> found.addAll(templates(child)));
        }
        return found;
    }

    /** Renders templates inside the value; a string parameter renders to text, others keep a single expression's type. */
    private JsonNode render(String name, JsonNode value, ParameterType type, Map<String, JsonNode> variables) {
        try {
            return renderNode(value, type == ParameterType.STRING, variables);
        } catch (TemplateException e) {
            throw new ParameterException(name, e.getMessage(), e);
        }
    }

    private JsonNode renderNode(JsonNode value, boolean asText, Map<String, JsonNode> variables) {
        if (value.isTextual() && TemplateRenderer.isTemplate(value.textValue())) {
            return asText
                    ? TextNode.valueOf(renderer.render(value.textValue(), variables, kv))
                    : renderer.renderValue(value.textValue(), variables, kv);
        }
        if (value.isObject() && !templates(value).isEmpty()) {
            ObjectNode rendered = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(f -> rendered.set(f.getKey(), renderNode(f.getValue(), false, variables)));
            return rendered;
        }
        if (value.isArray() && !templates(value).isEmpty()) {
            ArrayNode rendered = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> rendered.add(renderNode(item, false, variables)));
            return rendered;
        }
        return value;
    }

    private static void validate(Map<String, JsonNode> params, Map<String, ParameterSpec> spec) {
        spec.forEach((name, declaration) -> {
            if (declaration == null) {
                return;
            }
            JsonNode value = params.get(name);
            if (Boolean.TRUE.equals(declaration.required) && (value == null || value.isNull())) {
                throw new ParameterException(name, "is required but has no value and no default");
            }
            if (declaration.enumValues != null
                    && !declaration.enumValues.isEmpty()
                    && value != null
                    && declaration.enumValues.stream().noneMatch(allowed -> PyValues.eq(allowed, value))) {
                throw new ParameterException(
                        name, PyValues.show(value) + " is not one of the allowed values " + declaration.enumValues);
            }
        });
    }

    private static ParameterType typeOf(Map<String, ParameterSpec> spec, String name) {
        ParameterSpec declaration = spec == null ? null : spec.get(name);
        return declaration == null ? null : declaration.type;
    }
}
