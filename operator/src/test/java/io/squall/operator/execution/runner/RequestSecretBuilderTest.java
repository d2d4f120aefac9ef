package io.squall.operator.execution.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.operator.execution.ExecutionRequests;
import io.squall.operator.execution.ExecutionSetupException;
import io.squall.operator.execution.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSecretBuilderTest {

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void carriesTheRequestAndTheRunnersNatsCredentials() {
        var execution = Fixtures.execution("  action: {name: act}\n  parameters: {password: hunter2}");
        var action = Fixtures.action("  runner: noop\n  parameters:\n    password: {type: string, secret: true}\n");
        ExecutionRequest request =
                ExecutionRequests.build(execution, action, 3, null, new TemplateRenderer(), KvLookup.EMPTY);
        var credentials = new RunnerNatsCredentials(
                Optional.of("runner"),
                Optional.of("pw"),
                Optional.empty(),
                Optional.of("-----BEGIN NATS USER JWT-----"));

        Secret secret = RequestSecretBuilder.desired(execution, request, credentials);

        assertThat(secret.getMetadata().getName()).isEqualTo("run-1-3-request");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("exec-uid"));
        assertThat(secret.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "request")
                .containsEntry("squall.io/execution", "run-1")
                .containsEntry("squall.io/attempt", "3");
        assertThat(secret.getData()).containsOnlyKeys("request.json", "nats-user", "nats-password", "nats.creds");
        ExecutionRequest read = Json.fromBytes(
                decoded(secret, "request.json").getBytes(StandardCharsets.UTF_8), ExecutionRequest.class);
        assertThat(read.parameters().get("password").asText()).isEqualTo("hunter2");
        assertThat(read.secretParameters()).containsExactly("password");
        assertThat(read.attempt()).isEqualTo(3);
        assertThat(decoded(secret, "nats-user")).isEqualTo("runner");
        assertThat(decoded(secret, "nats.creds")).startsWith("-----BEGIN NATS USER JWT");
    }

    @Test
    void withoutCredentialsOnlyTheRequest() {
        var execution = Fixtures.execution("  action: {name: act}");
        ExecutionRequest request = ExecutionRequests.build(
                execution, Fixtures.action("  runner: noop\n"), 1, null, new TemplateRenderer(), KvLookup.EMPTY);

        assertThat(RequestSecretBuilder.desired(execution, request, RunnerNatsCredentials.NONE)
                        .getData())
                .containsOnlyKeys("request.json");
    }

    @Test
    void aRequestTooLargeForASecretFailsTheAttemptSayingWhy() {
        var execution = Fixtures.execution("  action: {name: act}\n  literalParameters: true\n  parameters: {text: '"
                + "x".repeat(600 * 1024) + "'}");
        var action = Fixtures.action(
                "  runner: shell\n  command: 'echo {{ text }}'\n  parameters:\n    text: {type: string}\n");
        ExecutionRequest request =
                ExecutionRequests.build(execution, action, 1, null, new TemplateRenderer(), KvLookup.EMPTY);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RequestSecretBuilder.desired(
                        execution,
                        request,
                        new RunnerNatsCredentials(
                                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(ExecutionSetupException.class)
                .hasMessageStartingWith("the runner request is ")
                .hasMessageEndingWith(" bytes, over the 1048576 a Secret may hold: the parameters and the rendered "
                        + "action (its command, script, body) are too large");
    }
}
