package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static io.squall.operator.testsupport.Kube.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.operator.testsupport.TestClock;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ActionReconcilerTest {

    @Inject
    KubernetesClient client;

    @Inject
    TestClock clock;

    @AfterEach
    void systemTime() {
        clock.useSystemTime();
    }

    private static String action(String namespace, String name, String spec) {
        return "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n" + spec;
    }

    @Test
    void validActionIsReadyForItsGeneration() {
        apply(client, action("act-valid", "hello", "  runner: shell\n  command: echo hello\n"), Action.class);
        Action action = awaitReady(client, Action.class, "act-valid", "hello", "True", Reasons.VALID);
        assertReady(action, "True", Reasons.VALID, "spec is valid");
        assertThat(action.getStatus().observedGeneration).isEqualTo(1L);
    }

    @Test
    void invalidActionIsNotReadyAndTheMessageNamesTheField() {
        apply(client, action("act-invalid", "broken", """
                  runner: shell
                  parameters:
                    count: {type: integer, default: many}
                """), Action.class);
        Action action =
                awaitReady(client, Action.class, "act-invalid", "broken", "False", Reasons.MISSING_RUNNER_FIELD);
        assertReady(
                action,
                "False",
                Reasons.MISSING_RUNNER_FIELD,
                "spec.command: is required for runner shell; spec.parameters.count.default: \"many\" is not an integer");
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenReadyFlips() {
        clock.set(Instant.parse("2030-01-01T10:00:00Z"));
        apply(client, action("act-transition", "a", "  runner: noop\n"), Action.class);
        awaitReady(client, Action.class, "act-transition", "a", "True", Reasons.VALID);

        clock.set(Instant.parse("2030-01-01T11:00:00Z"));
        apply(client, action("act-transition", "a", "  runner: noop\n  description: still valid\n"), Action.class);
        Action unchanged = awaitReady(client, Action.class, "act-transition", "a", "True", Reasons.VALID);
        assertThat(unchanged.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(ready(unchanged).getLastTransitionTime()).isEqualTo("2030-01-01T10:00:00Z");

        apply(client, action("act-transition", "a", "  runner: http\n"), Action.class);
        Action flipped = awaitReady(client, Action.class, "act-transition", "a", "False", Reasons.MISSING_RUNNER_FIELD);
        assertThat(flipped.getStatus().observedGeneration).isEqualTo(3L);
        assertThat(ready(flipped).getLastTransitionTime()).isEqualTo("2030-01-01T11:00:00Z");
        assertThat(ready(flipped).getMessage()).isEqualTo("spec.http.url: is required for runner http");
    }
}
