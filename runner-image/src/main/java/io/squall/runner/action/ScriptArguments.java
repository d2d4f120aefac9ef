package io.squall.runner.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * StackStorm local-shell-script argument passing: parameters without a {@code position} become named
 * arguments {@code --name=value} (in name order), followed by the positional ones in ascending
 * {@code position}. Arguments go straight into argv, so no shell quoting is involved.
 * <ul>
 * <li>named: a boolean true becomes the bare flag {@code --name}; false, null and "" are left out;
 * other values are their text (arrays and objects: compact JSON, where st2 would print a Python repr).</li>
 * <li>positional (st2's _serialize_positional_argument): booleans are "1"/"0", arrays are joined with
 * commas, objects are JSON, missing or empty values are "" so later positions keep their place.</li>
 * </ul>
 */
final class ScriptArguments {
    static final String KWARG_OP = "--";

    private ScriptArguments() {}

    static List<String> of(Map<String, ParameterSpec> specs, Map<String, JsonNode> values) {
        Map<String, ParameterSpec> declared = specs == null ? Map.of() : specs;
        TreeMap<Integer, String> positional = new TreeMap<>();
        declared.forEach((name, spec) -> {
            if (spec != null && spec.position != null) {
                positional.put(spec.position, name);
            }
        });

        List<String> argv = new ArrayList<>();
        new TreeMap<>(values).forEach((name, value) -> {
            if (!positional.containsValue(name)) {
                named(name, value).ifPresent(argv::add);
            }
        });
        positional.values().forEach(name -> argv.add(positionalValue(values.get(name), typeOf(declared.get(name)))));
        return argv;
    }

    private static Optional<String> named(String name, JsonNode value) {
        if (value == null
                || value.isNull()
                || (value.isTextual() && value.asText().isEmpty())) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? Optional.of(KWARG_OP + name) : Optional.empty();
        }
        return Optional.of(KWARG_OP + name + "=" + text(value));
    }

    private static String positionalValue(JsonNode value, ParameterType type) {
        if (value == null || value.isNull()) {
            return "";
        }
        ParameterType effective = type != null ? type : inferredType(value);
        return switch (effective) {
            case BOOLEAN -> value.asBoolean() ? "1" : "0";
            case ARRAY ->
                value.isArray()
                        ? StreamSupport.stream(value.spliterator(), false)
                                .map(ScriptArguments::text)
                                .collect(Collectors.joining(","))
                        : text(value);
            case OBJECT -> value.isObject() && value.isEmpty() ? "" : text(value);
            default -> text(value);
        };
    }

    private static ParameterType typeOf(ParameterSpec spec) {
        return spec == null ? null : spec.type;
    }

    private static ParameterType inferredType(JsonNode value) {
        if (value.isBoolean()) {
            return ParameterType.BOOLEAN;
        }
        if (value.isArray()) {
            return ParameterType.ARRAY;
        }
        if (value.isObject()) {
            return ParameterType.OBJECT;
        }
        return ParameterType.STRING;
    }

    /** Strings as themselves, everything else as compact JSON. */
    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
