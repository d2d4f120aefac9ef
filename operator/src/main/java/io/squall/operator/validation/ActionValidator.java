package io.squall.operator.validation;

import io.squall.api.v1alpha1.ActionSpec;

/** Checks an Action: the runner has the fields it needs, parameter defaults and enums match their types. */
public final class ActionValidator {

    private ActionValidator() {}

    public static Validation validate(ActionSpec spec) {
        Validation validation = new Validation();
        if (spec == null) {
            return validation.problem(Reasons.MISSING_FIELD, "spec", "is required");
        }
        if (spec.runner == null) {
            validation.problem(
                    Reasons.MISSING_FIELD,
                    "spec.runner",
                    "is required (shell, script, http, python, noop, kubernetes, kv or inquirer)");
        } else {
            validateRunner(spec, validation);
        }
        return validation.addAll(ParameterValidator.validate("spec.parameters", spec.parameters));
    }

    private static void validateRunner(ActionSpec spec, Validation validation) {
        String runner = spec.runner.name().toLowerCase();
        switch (spec.runner) {
            case SHELL -> {
                if (isBlank(spec.command)) {
                    validation.problem(Reasons.MISSING_RUNNER_FIELD, "spec.command", "is required for runner shell");
                }
            }
            case SCRIPT, PYTHON -> {
                if (isBlank(spec.script) && spec.scriptRef == null) {
                    validation.problem(
                            Reasons.MISSING_RUNNER_FIELD,
                            "spec.script",
                            "runner " + runner + " needs spec.script or spec.scriptRef");
                } else if (!isBlank(spec.script) && spec.scriptRef != null) {
                    validation.problem(
                            Reasons.MISSING_RUNNER_FIELD,
                            "spec.scriptRef",
                            "set spec.script or spec.scriptRef, not both");
                }
            }
            case HTTP -> {
                if (spec.http == null || isBlank(spec.http.url)) {
                    validation.problem(Reasons.MISSING_RUNNER_FIELD, "spec.http.url", "is required for runner http");
                }
            }
            case KUBERNETES -> KubernetesActionValidator.validate(spec, validation);
            case NOOP -> {
                // nothing to run, nothing to check
            }
            case TRIGGER -> {
                // core-inject-trigger: the trigger type and payload are parameters, checked when it runs
            }
            case INQUIRER -> {
                // core-ask: its parameters (schema, route, users, roles, ttl) are checked when it runs
            }
            case KV -> {
                if (spec.kv == null || spec.kv.operation == null) {
                    validation.problem(
                            Reasons.MISSING_RUNNER_FIELD,
                            "spec.kv.operation",
                            "is required for runner kv (set, get, delete, list or incr)");
                }
            }
        }
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
