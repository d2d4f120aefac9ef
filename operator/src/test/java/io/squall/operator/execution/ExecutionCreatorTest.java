package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.v1alpha1.Execution;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one idempotent way Executions are created (rules engine, workflow engine), on the Fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true)
class ExecutionCreatorTest {

    KubernetesClient client;
    private ExecutionCreator creator;

    @BeforeEach
    void creator() {
        creator = new ExecutionCreator(client);
    }

    private static Execution draft(String name, String label) {
        Execution e = Fixtures.execution(name, "  action: {name: act}");
        e.getMetadata().setNamespace("ns");
        e.getMetadata().setLabels(new java.util.HashMap<>(Map.of("made-by", label)));
        return e;
    }

    private static Secret secret(String name) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("ns")
                .endMetadata()
                .withStringData(Map.of("token", "s3cret"))
                .build();
    }

    @Test
    void aSecondCreateOfTheSameExecutionFindsTheFirstAndCreatesNothing() {
        ExecutionCreator.Created first = creator.create(draft("run-1", "first"), secret("run-1-params"), e -> true);
        ExecutionCreator.Created again = creator.create(draft("run-1", "second"), secret("run-1-params"), e -> true);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.execution().getMetadata().getUid())
                .isEqualTo(first.execution().getMetadata().getUid());
        assertThat(again.execution().getMetadata().getLabels()).containsEntry("made-by", "first");
        assertThat(client.resources(Execution.class).inNamespace("ns").list().getItems())
                .hasSize(1);
    }

    @Test
    void theParameterSecretIsOwnedByItsExecution() {
        Execution created = creator.create(draft("run-2", "x"), secret("run-2-params"), e -> true)
                .execution();

        Secret stored =
                client.secrets().inNamespace("ns").withName("run-2-params").get();
        assertThat(stored.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(o.getKind()).isEqualTo("Execution");
            assertThat(o.getController()).isTrue();
        });
    }

    @Test
    void aNamesakeThatIsNotTheSameOneIsRefused() {
        creator.create(draft("run-3", "someone-else"), null, e -> true);

        assertThatThrownBy(() -> creator.create(
                        draft("run-3", "me"),
                        null,
                        e -> "me".equals(e.getMetadata().getLabels().get("made-by"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Execution ns/run-3 exists but is not the one this creates");
    }
}
