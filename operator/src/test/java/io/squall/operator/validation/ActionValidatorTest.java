package io.squall.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Action;
import io.squall.operator.testsupport.Resources;
import org.junit.jupiter.api.Test;

class ActionValidatorTest {

    private static Validation validate(String yaml) {
        return ActionValidator.validate(Resources.yaml(yaml, Action.class).getSpec());
    }

    private static String action(String spec) {
        return "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: a, namespace: ns}\nspec:\n" + spec;
    }

    @Test
    void shellActionWithCommandAndTypedParametersIsValid() {
        Validation v = validate(action("""
                  runner: shell
                  command: echo {{ message }} {{ count }}
                  parameters:
                    message: {type: string, default: hello, enum: [hello, bye]}
                    count: {type: integer, default: 3}
                    ratio: {type: number, default: 0.5}
                    dry: {type: boolean, default: false}
                    hosts: {type: array, default: [a, b]}
                    labels: {type: object, default: {app: x}}
                    untyped: {default: text}
                """));
        assertThat(v.isValid()).as(v.message()).isTrue();
    }

    @Test
    void aParameterFromASecretNeedsItsNameAndKey() {
        assertThat(validate(
                                action(
                                        "  runner: noop\n  parameters:\n    url:\n      valueFrom: {secretKeyRef: {name: chat}}\n"))
                        .message())
                .isEqualTo("spec.parameters.url.valueFrom.secretKeyRef.key: is required");
        assertThat(validate(action("  runner: noop\n  parameters:\n    url:\n      valueFrom: {}\n"))
                        .message())
                .isEqualTo("spec.parameters.url.valueFrom.secretKeyRef: is required in valueFrom");
        assertThat(validate(action("  runner: noop\n  parameters:\n    url:\n"
                                + "      valueFrom: {secretKeyRef: {name: chat, key: url}}\n"))
                        .isValid())
                .isTrue();
    }

    @Test
    void shellWithoutCommandNamesTheField() {
        Validation v = validate(action("  runner: shell\n"));
        assertThat(v.reason()).isEqualTo(Reasons.MISSING_RUNNER_FIELD);
        assertThat(v.message()).isEqualTo("spec.command: is required for runner shell");
    }

    @Test
    void scriptAndPythonNeedScriptOrScriptRef() {
        assertThat(validate(action("  runner: script\n")).message())
                .isEqualTo("spec.script: runner script needs spec.script or spec.scriptRef");
        assertThat(validate(action("  runner: python\n")).message())
                .isEqualTo("spec.script: runner python needs spec.script or spec.scriptRef");
        assertThat(validate(action("  runner: python\n  scriptRef: {configMap: scripts, key: run.py}\n"))
                        .isValid())
                .isTrue();
        assertThat(validate(action("  runner: script\n  script: echo hi\n")).isValid())
                .isTrue();
    }

    @Test
    void scriptAndScriptRefTogetherAreAmbiguous() {
        Validation v = validate(action("  runner: script\n  script: echo\n  scriptRef: {configMap: s, key: k}\n"));
        assertThat(v.message()).isEqualTo("spec.scriptRef: set spec.script or spec.scriptRef, not both");
    }

    @Test
    void httpNeedsUrl() {
        assertThat(validate(action("  runner: http\n")).message())
                .isEqualTo("spec.http.url: is required for runner http");
        assertThat(validate(action("  runner: http\n  http: {method: POST}\n")).message())
                .isEqualTo("spec.http.url: is required for runner http");
        assertThat(validate(action("  runner: http\n  http: {url: 'https://x/{{ p }}'}\n"))
                        .isValid())
                .isTrue();
    }

    @Test
    void noopNeedsNothing() {
        assertThat(validate(action("  runner: noop\n")).isValid()).isTrue();
    }

    @Test
    void defaultNotMatchingTypeNamesTheParameter() {
        Validation v = validate(action("""
                  runner: noop
                  parameters:
                    count: {type: integer, default: abc}
                """));
        assertThat(v.reason()).isEqualTo(Reasons.INVALID_PARAMETER);
        assertThat(v.message()).isEqualTo("spec.parameters.count.default: \"abc\" is not an integer");
    }

    @Test
    void integerAcceptsWholeNumbersOnly() {
        assertThat(validate(action("  runner: noop\n  parameters: {n: {type: integer, default: 3.0}}\n"))
                        .isValid())
                .isTrue();
        assertThat(validate(action("  runner: noop\n  parameters: {n: {type: integer, default: 3.5}}\n"))
                        .message())
                .isEqualTo("spec.parameters.n.default: 3.5 is not an integer");
    }

    @Test
    void untypedParameterIsAString() {
        assertThat(validate(action("  runner: noop\n  parameters: {p: {default: 5}}\n"))
                        .message())
                .isEqualTo("spec.parameters.p.default: 5 is not a string");
    }

    @Test
    void templatedDefaultIsAcceptedForAnyType() {
        Validation v = validate(action("  runner: noop\n  parameters: {n: {type: integer, default: '{{ other }}'}}\n"));
        assertThat(v.isValid()).as(v.message()).isTrue();
    }

    @Test
    void otherTypeMismatches() {
        assertThat(validate(action("  runner: noop\n  parameters: {b: {type: boolean, default: 'yes'}}\n"))
                        .message())
                .isEqualTo("spec.parameters.b.default: \"yes\" is not a boolean");
        assertThat(validate(action("  runner: noop\n  parameters: {x: {type: number, default: true}}\n"))
                        .message())
                .isEqualTo("spec.parameters.x.default: true is not a number");
        assertThat(validate(action("  runner: noop\n  parameters: {l: {type: array, default: a}}\n"))
                        .message())
                .isEqualTo("spec.parameters.l.default: \"a\" is not an array");
        assertThat(validate(action("  runner: noop\n  parameters: {o: {type: object, default: [1]}}\n"))
                        .message())
                .isEqualTo("spec.parameters.o.default: [1] is not an object");
    }

    @Test
    void enumValuesMustMatchTheType() {
        Validation v = validate(action("  runner: noop\n  parameters: {level: {type: integer, enum: [1, two, 3]}}\n"));
        assertThat(v.message()).isEqualTo("spec.parameters.level.enum[1]: \"two\" is not an integer");
    }

    @Test
    void defaultMustBeOneOfTheEnumValues() {
        Validation v = validate(action("  runner: noop\n  parameters: {env: {enum: [dev, prod], default: test}}\n"));
        assertThat(v.message())
                .isEqualTo(
                        "spec.parameters.env.default: \"test\" is not one of the allowed values [\"dev\", \"prod\"]");
        assertThat(validate(action("  runner: noop\n  parameters: {n: {type: number, enum: [1, 2], default: 2.0}}\n"))
                        .isValid())
                .isTrue();
    }

    @Test
    void everyProblemIsReportedWithTheFirstReason() {
        Validation v = validate(action("""
                  runner: shell
                  parameters:
                    count: {type: integer, default: x}
                """));
        assertThat(v.problems())
                .extracting(Problem::field)
                .containsExactly("spec.command", "spec.parameters.count.default");
        assertThat(v.reason()).isEqualTo(Reasons.MISSING_RUNNER_FIELD);
        assertThat(v.message())
                .isEqualTo(
                        "spec.command: is required for runner shell; spec.parameters.count.default: \"x\" is not an integer");
    }

    @Test
    void kubernetesActionsNeedAServiceAccountAndTheFieldsOfTheirOperation() {
        assertThat(validate(action("""
                  runner: kubernetes
                  serviceAccountName: scaler
                  kubernetes: {operation: scale, apiVersion: apps/v1, kind: Deployment, name: web, replicas: "{{ n }}"}
                """)).isValid()).isTrue();
        assertThat(validate(action("""
                  runner: kubernetes
                  serviceAccountName: scaler
                  kubernetes: {operation: scale, apiVersion: apps/v1, kind: Deployment, name: web, replicas: "+1"}
                """)).isValid()).isTrue();
        assertThat(validate(action("""
                  runner: kubernetes
                  kubernetes: {operation: get, apiVersion: v1, kind: ConfigMap, name: c}
                """)).message())
                .isEqualTo("spec.serviceAccountName: is required for runner kubernetes: the runner pod "
                        + "acts with that account's token and RBAC, nothing more");
        assertThat(validate(action("  runner: kubernetes\n  serviceAccountName: sa\n"))
                        .message())
                .isEqualTo("spec.kubernetes.operation: is required for runner kubernetes (get, apply, patch, scale, "
                        + "delete or wait)");
        assertThat(validate(action("""
                  runner: kubernetes
                  serviceAccountName: sa
                  kubernetes: {operation: scale, apiVersion: apps/v1, kind: Deployment, replicas: three}
                """)).message())
                .contains("spec.kubernetes.name: is required for kubernetes operation scale")
                .contains("spec.kubernetes.replicas: 'three' is not a replica count (3) or change (+1, -1)");
        assertThat(validate(action("""
                  runner: kubernetes
                  serviceAccountName: sa
                  kubernetes: {operation: wait, apiVersion: apps/v1, kind: Deployment, name: web, waitFor: Available}
                """)).message())
                .isEqualTo("spec.kubernetes.waitFor: 'Available' must be condition=<type>[=<status>], "
                        + "jsonpath={.path}=<value> or delete");
        assertThat(validate(action(
                                "  runner: kubernetes\n  serviceAccountName: sa\n  kubernetes: {operation: apply}\n"))
                        .message())
                .isEqualTo("spec.kubernetes.manifest: is required for kubernetes operation apply");
    }
}
