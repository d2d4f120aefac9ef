package io.squall.operator.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a rule runs, as far as enforcement needs it: the kind and name, and the parameters it declares (never
 * null: a target that declares none rejects every given parameter, like StackStorm's additionalProperties: false).
 */
public record Target(ActionKind kind, String name, Map<String, ParameterSpec> parameters) {

    public static Target of(Action action) {
        var spec = action.getSpec();
        return new Target(
                ActionKind.Action,
                action.getMetadata().getName(),
                spec == null || spec.parameters == null ? Map.of() : spec.parameters);
    }

    /**
     * A Workflow's {@code parameters} when it declares them; otherwise its Orquesta {@code input} list (names, or
     * single-key maps of name to default) as untyped parameters.
     */
    public static Target of(Workflow workflow) {
        var spec = workflow.getSpec();
        String name = workflow.getMetadata().getName();
        if (spec == null) {
            return new Target(ActionKind.Workflow, name, Map.of());
        }
        if (spec.parameters != null) {
            return new Target(ActionKind.Workflow, name, spec.parameters);
        }
        Map<String, ParameterSpec> inputs = new LinkedHashMap<>();
        if (spec.input != null) {
            for (JsonNode input : spec.input) {
                if (input.isTextual()) {
                    inputs.put(input.textValue(), new ParameterSpec());
                } else if (input.isObject() && input.size() == 1) {
                    var field = input.fields().next();
                    ParameterSpec declaration = new ParameterSpec();
                    declaration.defaultValue = field.getValue();
                    inputs.put(field.getKey(), declaration);
                }
            }
        }
        return new Target(ActionKind.Workflow, name, inputs);
    }
}
