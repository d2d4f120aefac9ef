package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.testsupport.HostileText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionRequestsTest {

    private static final TemplateRenderer RENDERER = new TemplateRenderer();
    private static final Action DEPLOY = Fixtures.action("""
              runner: shell
              command: 'deploy --user {{ user }} --token {{ token }} --replicas {{ replicas }}'
              env: {TARGET: '{{ user }}-env', PLAIN: x}
              parameters:
                user: {type: string}
                token: {type: string, secret: true}
                replicas: {type: integer, default: 2}
            """);

    private static Secret parameterSecret(String name, Map<String, String> json) {
        SecretBuilder builder =
                new SecretBuilder().withNewMetadata().withName(name + "-params").endMetadata();
        json.forEach(
                (k, v) -> builder.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return builder.build();
    }

    private static ExecutionRequest build(Execution execution, Action action, Secret secret) {
        return ExecutionRequests.build(execution, action, 1, secret, RENDERER, KvLookup.EMPTY);
    }

    /** As the rules engine creates it: parameters resolved, the secret one masked, its value in the Secret. */
    private static Execution ruleCreated() {
        return Fixtures.execution("""
                  action: {name: act}
                  parameters: {user: ada, token: '********', replicas: 3}
                  context: {rule: deploy-on-push, triggerId: t-1}
                """);
    }

    @Test
    void secretValuesComeBackFromTheParameterSecretAndTheTemplatesAreRendered() {
        ExecutionRequest request =
                build(ruleCreated(), DEPLOY, parameterSecret("run-1", Map.of("token", "\"s3cr3t\"")));

        assertThat(request.parameters().get("token").asText()).isEqualTo("s3cr3t");
        assertThat(request.secretParameters()).containsExactly("token");
        assertThat(request.action().command).isEqualTo("deploy --user ada --token s3cr3t --replicas 3");
        assertThat(request.action().env).containsEntry("TARGET", "ada-env").containsEntry("PLAIN", "x");
        assertThat(request.namespace()).isEqualTo("team-a");
        assertThat(request.execution()).isEqualTo("run-1");
        assertThat(request.actionName()).isEqualTo("act");
        assertThat(request.attempt()).isEqualTo(1);
        assertThat(request.timeoutSeconds()).isEqualTo(60);
        // the Action itself is not changed
        assertThat(DEPLOY.getSpec().command).contains("{{ user }}");
    }

    @Test
    void parametersARuleRenderedAreDataAndReachTheRunnerByteForByte() {
        for (String hostile : HostileText.ALL) {
            Execution execution = ruleCreated();
            execution.getSpec().parameters.put("user", JsonNodeFactory.instance.textNode(hostile));
            String secretJson = JsonNodeFactory.instance.textNode(hostile).toString();

            ExecutionRequest request = build(execution, DEPLOY, parameterSecret("run-1", Map.of("token", secretJson)));

            assertThat(request.parameters().get("user").textValue())
                    .as("from %s", hostile)
                    .isEqualTo(hostile);
            assertThat(request.parameters().get("token").textValue()).isEqualTo(hostile);
            assertThat(request.action().command)
                    .as("the Action's template is rendered, the values are inserted as text")
                    .isEqualTo("deploy --user " + hostile + " --token " + hostile + " --replicas 3");
            assertThat(request.action().env).containsEntry("TARGET", hostile + "-env");
        }
    }

    @Test
    void aWorkflowTasksParametersAndOnesMarkedLiteralAreDataToo() {
        Execution child = Fixtures.execution("""
                  action: {name: act}
                  parameters: {user: '{{ 7*7 }}', token: '{% if true %}x{% endif %}'}
                  context: {parentExecution: wf-1, parentTask: deploy}
                """);
        Execution literal = Fixtures.execution("""
                  action: {name: act}
                  literalParameters: true
                  parameters: {user: '{{ 7*7 }}', token: '{% if true %}x{% endif %}', replicas: '4'}
                """);

        for (Execution execution : new Execution[] {child, literal}) {
            ExecutionRequest request = build(execution, DEPLOY, null);
            assertThat(request.parameters().get("user").textValue()).isEqualTo("{{ 7*7 }}");
            assertThat(request.parameters().get("token").textValue()).isEqualTo("{% if true %}x{% endif %}");
            assertThat(request.action().command)
                    .startsWith("deploy --user {{ 7*7 }} --token {% if true %}x{% endif %} --replicas ");
        }
        assertThat(build(literal, DEPLOY, null).parameters().get("replicas").intValue())
                .as("data is still cast")
                .isEqualTo(4);
    }

    @Test
    void anExecutionByHandHasItsTemplatesRenderedOnceAndItsSecretValuesNever() {
        Execution byHand = Fixtures.execution("""
                  action: {name: act}
                  parameters: {user: "{{ '{{ 7*7 }}' }}", token: '********', replicas: '{{ 2 + 3 }}'}
                  context: {user: kubectl}
                """);

        ExecutionRequest request = build(byHand, DEPLOY, parameterSecret("run-1", Map.of("token", "\"{{ 6*7 }}\"")));

        assertThat(request.parameters().get("replicas").intValue())
                .as("st2 run renders templates")
                .isEqualTo(5);
        assertThat(request.parameters().get("user").textValue())
                .as("what rendering produced is not rendered again")
                .isEqualTo("{{ 7*7 }}");
        assertThat(request.parameters().get("token").textValue())
                .as("a value read from a Secret is data")
                .isEqualTo("{{ 6*7 }}");
    }

    @Test
    void immutableDefaultsARuleCopiedInAreAcceptedAndOverridesAreNot() {
        Action pinned = Fixtures.action("""
                  runner: shell
                  command: 'run {{ mode }}'
                  parameters:
                    mode: {type: string, default: safe, immutable: true}
                """);
        Execution copied = Fixtures.execution(
                "  action: {name: act}\n  parameters: {mode: safe}\n" + "  context: {rule: r, triggerId: t}");
        Execution changed = Fixtures.execution(
                "  action: {name: act}\n  parameters: {mode: unsafe}\n" + "  context: {rule: r, triggerId: t}");

        assertThat(build(copied, pinned, null).action().command).isEqualTo("run safe");
        assertThatThrownBy(() -> build(changed, pinned, null))
                .isInstanceOf(ExecutionSetupException.class)
                .hasMessage(
                        "spec.parameters: parameter 'mode': is immutable; its default \"safe\" cannot be overridden");
    }

    @Test
    void aMaskedParameterWithoutItsSecretIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> build(ruleCreated(), DEPLOY, null))
                .isInstanceOf(ExecutionSetupException.class)
                .hasMessage("spec.parameters.token is masked (********) but the Secret run-1-params with its value "
                        + "does not exist");
        assertThatThrownBy(() -> build(ruleCreated(), DEPLOY, parameterSecret("run-1", Map.of("other", "1"))))
                .hasMessage("spec.parameters.token is masked (********) but the Secret run-1-params has no key token");
    }

    @Test
    void aSecretValueThatIsNotJsonNamesTheKey() {
        assertThatThrownBy(() -> build(ruleCreated(), DEPLOY, parameterSecret("run-1", Map.of("token", "not json"))))
                .isInstanceOf(ExecutionSetupException.class)
                .hasMessageStartingWith("Secret run-1-params key token is not JSON: ");
    }

    @Test
    void anExecutionCreatedByHandGetsStackStormParameterResolution() {
        Execution byHand =
                Fixtures.execution("  action: {name: act}\n  parameters: {user: bob, token: t0k, replicas: '5'}");

        ExecutionRequest request = build(byHand, DEPLOY, null);

        assertThat(request.parameters().get("replicas").asInt()).isEqualTo(5); // cast from the string
        assertThat(request.parameters().get("replicas").isInt()).isTrue();
        assertThat(request.secretParameters()).containsExactly("token");
        assertThat(request.action().command).isEqualTo("deploy --user bob --token t0k --replicas 5");
    }

    @Test
    void defaultsFillWhatAnExecutionByHandLeavesOut() {
        ExecutionRequest request =
                build(Fixtures.execution("  action: {name: act}\n  parameters: {user: bob, token: t}"), DEPLOY, null);

        assertThat(request.parameters().get("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void parameterErrorsOfAnExecutionByHandNameTheParameter() {
        Execution unknown = Fixtures.execution("  action: {name: act}\n  parameters: {user: bob, colour: red}");

        assertThatThrownBy(() -> build(unknown, DEPLOY, null))
                .isInstanceOf(ExecutionSetupException.class)
                .hasMessageStartingWith("spec.parameters: parameter 'colour': ");
    }

    @Test
    void aTemplateErrorNamesTheFieldAndTheVariable() {
        Action typo = Fixtures.action("  runner: http\n  http:\n    url: 'https://x/{{ chanel }}'\n"
                + "  parameters:\n    channel: {type: string}\n");

        assertThatThrownBy(() ->
                        build(Fixtures.execution("  action: {name: act}\n  parameters: {channel: ops}"), typo, null))
                .isInstanceOf(ExecutionSetupException.class)
                .hasMessage("spec.http.url: template 'https://x/{{ chanel }}' references undefined variable 'chanel'");
    }

    @Test
    void httpFieldsAreRendered() {
        Action http = Fixtures.action("""
                  runner: http
                  http:
                    url: 'https://chat/{{ channel }}'
                    headers: {X-Channel: '{{ channel }}'}
                    params: {q: '{{ channel | upper }}'}
                    body: '{"text": "{{ text }}"}'
                  parameters:
                    channel: {type: string}
                    text: {type: string}
                """);

        ExecutionRequest request =
                build(Fixtures.execution("  action: {name: act}\n  parameters: {channel: ops, text: hi}"), http, null);

        assertThat(request.action().http.url).isEqualTo("https://chat/ops");
        assertThat(request.action().http.headers).containsEntry("X-Channel", "ops");
        assertThat(request.action().http.params).containsEntry("q", "OPS");
        assertThat(request.action().http.body).isEqualTo("{\"text\": \"hi\"}");
    }

    @Test
    void kubernetesFieldsAreRendered() {
        Action scale = Fixtures.action("""
                  runner: kubernetes
                  serviceAccountName: scaler
                  kubernetes:
                    operation: scale
                    apiVersion: apps/v1
                    kind: '{{ kind }}'
                    name: '{{ asg }}'
                    namespace: '{{ ns }}'
                    replicas: '+{{ delta }}'
                    waitFor: 'jsonpath={.spec.replicas}={{ delta }}'
                    patch: '{"metadata": {"labels": {"asg": "{{ asg }}"}}}'
                    manifest: 'metadata: {name: {{ asg }}}'
                  parameters:
                    kind: {type: string, default: Deployment}
                    asg: {type: string}
                    ns: {type: string, default: shop}
                    delta: {type: integer}
                """);

        ExecutionRequest request =
                build(Fixtures.execution("  action: {name: act}\n  parameters: {asg: web, delta: 3}"), scale, null);

        var k8s = request.action().kubernetes;
        assertThat(k8s.kind).isEqualTo("Deployment");
        assertThat(k8s.name).isEqualTo("web");
        assertThat(k8s.namespace).isEqualTo("shop");
        assertThat(k8s.replicas).isEqualTo("+3");
        assertThat(k8s.waitFor).isEqualTo("jsonpath={.spec.replicas}=3");
        assertThat(k8s.patch).isEqualTo("{\"metadata\": {\"labels\": {\"asg\": \"web\"}}}");
        assertThat(k8s.manifest).isEqualTo("metadata: {name: web}");
    }

    @Test
    void timeoutIsTheActionsElseTheRunnerDefault() {
        Execution execution = Fixtures.execution("  action: {name: act}");

        assertThat(build(execution, Fixtures.action("  runner: noop\n  timeout: 5\n"), null)
                        .timeoutSeconds())
                .isEqualTo(5);
        assertThat(build(execution, Fixtures.action("  runner: python\n  script: x\n"), null)
                        .timeoutSeconds())
                .isEqualTo(600);
    }
}
