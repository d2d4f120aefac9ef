package io.squall.operator.validation;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.ExecutionSpec;

/** Checks an Execution: the Action or Workflow it runs exists. */
public final class ExecutionValidator {

    private ExecutionValidator() {}

    public static Validation validate(ExecutionSpec spec, String namespace, ReferenceLookup references) {
        Validation validation = new Validation();
        if (spec == null || spec.action == null || spec.action.name == null || spec.action.name.isBlank()) {
            return validation.problem(Reasons.MISSING_FIELD, "spec.action.name", "is required");
        }
        ActionKind kind = spec.action.kind == null ? ActionKind.Action : spec.action.kind;
        if (!references.exists(kind, spec.action.name)) {
            validation.problem(
                    Reasons.ACTION_NOT_FOUND,
                    "spec.action.name",
                    RuleValidator.notFound(kind, spec.action.name, namespace));
        }
        return validation;
    }
}
