package io.squall.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import java.util.List;
import java.util.Map;

/** Checks parameter declarations (Action and Workflow `spec.parameters`): defaults and enums match the type. */
public final class ParameterValidator {

    private ParameterValidator() {}

    public static Validation validate(String path, Map<String, ParameterSpec> parameters) {
        Validation validation = new Validation();
        if (parameters == null) {
            return validation;
        }
        parameters.forEach((name, spec) -> {
            if (spec != null) {
                validateOne(path + "." + name, spec, validation);
            }
        });
        return validation;
    }

    private static void validateOne(String path, ParameterSpec spec, Validation validation) {
        if (spec.valueFrom != null) {
            var ref = spec.valueFrom.secretKeyRef;
            if (ref == null) {
                validation.problem(
                        Reasons.INVALID_PARAMETER, path + ".valueFrom.secretKeyRef", "is required in valueFrom");
            } else {
                if (ref.getName() == null || ref.getName().isBlank()) {
                    validation.problem(Reasons.INVALID_PARAMETER, path + ".valueFrom.secretKeyRef.name", "is required");
                }
                if (ref.getKey() == null || ref.getKey().isBlank()) {
                    validation.problem(Reasons.INVALID_PARAMETER, path + ".valueFrom.secretKeyRef.key", "is required");
                }
            }
        }
        ParameterType type = spec.type == null ? ParameterType.STRING : spec.type;
        List<JsonNode> enumValues = spec.enumValues;
        if (enumValues != null) {
            for (int i = 0; i < enumValues.size(); i++) {
                JsonNode value = enumValues.get(i);
                if (!matches(type, value)) {
                    validation.problem(
                            Reasons.INVALID_PARAMETER, path + ".enum[" + i + "]", value + " is not " + describe(type));
                }
            }
        }
        JsonNode defaultValue = spec.defaultValue;
        if (defaultValue == null || defaultValue.isNull()) {
            return;
        }
        if (!matches(type, defaultValue)) {
            validation.problem(
                    Reasons.INVALID_PARAMETER, path + ".default", defaultValue + " is not " + describe(type));
        } else if (enumValues != null
                && !enumValues.isEmpty()
                && !isTemplate(defaultValue)
                && enumValues.stream().noneMatch(allowed -> sameValue(allowed, defaultValue))) {
            validation.problem(
                    Reasons.INVALID_PARAMETER,
                    path + ".default",
                    defaultValue + " is not one of the allowed values " + enumValues);
        }
    }

    /**
     * Whether a literal value has the declared JSON type. A string holding a Jinja template is accepted for
     * any type: StackStorm renders defaults such as "{{ other_param }}" and casts the result at run time.
     */
    public static boolean matches(ParameterType type, JsonNode value) {
        if (isTemplate(value)) {
            return true;
        }
        return switch (type) {
            case STRING -> value.isTextual();
            case INTEGER ->
                value.isIntegralNumber()
                        || (value.isNumber()
                                && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case ARRAY -> value.isArray();
            case OBJECT -> value.isObject();
        };
    }

    private static boolean isTemplate(JsonNode value) {
        return value.isTextual()
                && (value.textValue().contains("{{") || value.textValue().contains("{%"));
    }

    /** 3 and 3.0 are the same number. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String describe(ParameterType type) {
        return switch (type) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }
}
