package io.squall.operator.validation;

import static io.squall.operator.validation.ActionValidator.isBlank;

import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.KubernetesActionSpec;
import io.squall.engine.template.TemplateRenderer;

/**
 * Checks a kubernetes-runner Action: the fields its operation needs, and a service account, since the runner pod acts
 * with that account's token only (no account, no token, nothing it could do). Values that are Jinja templates are
 * checked when rendered, by the runner.
 */
final class KubernetesActionValidator {
    private KubernetesActionValidator() {}

    static void validate(ActionSpec spec, Validation validation) {
        if (isBlank(spec.serviceAccountName)) {
            validation.problem(
                    Reasons.MISSING_RUNNER_FIELD,
                    "spec.serviceAccountName",
                    "is required for runner "
                            + "kubernetes: the runner pod acts with that account's token and RBAC, nothing more");
        }
        KubernetesActionSpec k8s = spec.kubernetes;
        if (k8s == null || k8s.operation == null) {
            validation.problem(
                    Reasons.MISSING_RUNNER_FIELD,
                    "spec.kubernetes.operation",
                    "is required for runner kubernetes (get, apply, patch, scale, delete or wait)");
            return;
        }
        switch (k8s.operation) {
            case APPLY -> require(validation, "spec.kubernetes.manifest", k8s.manifest, "apply");
            case PATCH -> {
                requireObject(validation, k8s);
                require(validation, "spec.kubernetes.patch", k8s.patch, "patch");
            }
            case SCALE -> {
                requireObject(validation, k8s);
                require(validation, "spec.kubernetes.replicas", k8s.replicas, "scale");
                if (!isBlank(k8s.replicas)
                        && !TemplateRenderer.isTemplate(k8s.replicas)
                        && !k8s.replicas.strip().matches("[+-]?\\d+")) {
                    validation.problem(
                            Reasons.MISSING_RUNNER_FIELD,
                            "spec.kubernetes.replicas",
                            "'" + k8s.replicas + "' is not a replica count (3) or change (+1, -1)");
                }
            }
            case WAIT -> {
                requireObject(validation, k8s);
                require(validation, "spec.kubernetes.waitFor", k8s.waitFor, "wait");
                if (!isBlank(k8s.waitFor)
                        && !TemplateRenderer.isTemplate(k8s.waitFor)
                        && !k8s.waitFor.strip().matches("delete|condition=.+|jsonpath=\\{.+}=.*")) {
                    validation.problem(
                            Reasons.MISSING_RUNNER_FIELD,
                            "spec.kubernetes.waitFor",
                            "'" + k8s.waitFor
                                    + "' must be condition=<type>[=<status>], jsonpath={.path}=<value> or delete");
                }
            }
            case GET, DELETE -> requireObject(validation, k8s);
        }
    }

    private static void requireObject(Validation validation, KubernetesActionSpec k8s) {
        String operation = k8s.operation.name().toLowerCase();
        require(validation, "spec.kubernetes.apiVersion", k8s.apiVersion, operation);
        require(validation, "spec.kubernetes.kind", k8s.kind, operation);
        require(validation, "spec.kubernetes.name", k8s.name, operation);
    }

    private static void require(Validation validation, String field, String value, String operation) {
        if (isBlank(value)) {
            validation.problem(
                    Reasons.MISSING_RUNNER_FIELD, field, "is required for kubernetes operation " + operation);
        }
    }
}
