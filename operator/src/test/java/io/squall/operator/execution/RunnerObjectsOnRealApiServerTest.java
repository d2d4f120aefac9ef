package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.local.LocalApiServer;
import io.squall.operator.execution.runner.RequestSecretBuilder;
import io.squall.operator.execution.runner.RunnerJobBuilder;
import io.squall.operator.execution.runner.RunnerNatsCredentials;
import io.squall.operator.testsupport.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only a real API server can tell: that the desired Job and request Secret are valid Kubernetes objects
 * (the mock server accepts anything), and that status writes are optimistic (the mock server does not check
 * the resourceVersion of a status update).
 */
class RunnerObjectsOnRealApiServerTest {

    static final String NS = "team-a";

    static LocalApiServer apiServer;
    static KubernetesClient client;

    @BeforeAll
    static void install() throws IOException {
        apiServer = LocalApiServer.start();
        client = apiServer.client();
        apiServer.installCrds(List.of(Path.of("../crds/executions.squall.io-v1.yml")));
        apiServer.createNamespace(NS);
    }

    @AfterAll
    static void stop() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    private static Execution create(String name) {
        return client.resource(Resources.yaml(
                        "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name + ", namespace: "
                                + NS + "}\nspec:\n  action: {name: deploy}\n  parameters: {token: s3cr3t}\n",
                        Execution.class))
                .create();
    }

    @Test
    void theDesiredJobAndRequestSecretAreAcceptedAsTheyAre() {
        Execution execution = create("valid-objects");
        Action action = Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Action
                metadata: {name: deploy, namespace: team-a}
                spec:
                  runner: script
                  scriptRef: {configMap: scripts, key: deploy.sh}
                  timeout: 120
                  resources: {limits: {memory: 128Mi}, requests: {cpu: 50m}}
                  parameters:
                    token: {type: string, secret: true}
                """, Action.class);
        ExecutionRequest request =
                ExecutionRequests.build(execution, action, 1, null, new TemplateRenderer(), KvLookup.EMPTY);
        Secret secret = RequestSecretBuilder.desired(
                execution,
                request,
                new RunnerNatsCredentials(
                        Optional.of("runner"), Optional.of("pw"), Optional.empty(), Optional.empty()));
        Job job = RunnerJobBuilder.desired(
                execution, action, 1, Fixtures.SETTINGS, secret.getData().keySet());

        Secret createdSecret = client.resource(secret).create();
        Job createdJob = client.resource(job).create();

        assertThat(createdSecret.getImmutable()).isTrue();
        assertThat(createdJob.getSpec().getBackoffLimit()).isZero();
        assertThat(createdJob.getSpec().getActiveDeadlineSeconds()).isEqualTo(150L);
        var pod = createdJob.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
                .isTrue();
        assertThat(createdJob.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getUid())
                        .isEqualTo(execution.getMetadata().getUid()));
    }

    @Test
    void aStaleStatusWriterReappliesItsTransitionOnTheLatestStatus() {
        Execution stale = create("contended");
        ExecutionStatusUpdater updater =
                new ExecutionStatusUpdater(client, new ExecutionEvents(client, Clock.systemUTC()));

        var first = updater.update(stale, e -> {
            ExecutionTransitions.failedToStart(e, "written first", Instant.now());
            return Optional.empty();
        });
        var second = updater.update(stale, e -> {
            if (e.getStatus() == null) {
                e.setStatus(new ExecutionStatus());
            }
            e.getStatus().jobName = "written second";
            return Optional.empty();
        });
        var guarded = updater.update(stale, e -> {
            if (e.getStatus() == null || e.getStatus().phase == null) {
                e.setStatus(new ExecutionStatus());
                e.getStatus().error = "only while nothing was written";
            }
            return Optional.empty();
        });

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(guarded)
                .as("after the conflict its guard saw the first write")
                .isEmpty();
        Execution latest = client.resources(Execution.class)
                .inNamespace(NS)
                .withName("contended")
                .get();
        assertThat(latest.getStatus().error).isEqualTo("written first");
        assertThat(latest.getStatus().jobName).isEqualTo("written second");
    }

    @Test
    void aWriteThatLandsBetweenReadAndUpdateMakesTheUpdateRetryOnTopOfIt() {
        Execution execution = create("raced");
        ExecutionStatusUpdater updater =
                new ExecutionStatusUpdater(client, new ExecutionEvents(client, Clock.systemUTC()));
        AtomicInteger calls = new AtomicInteger();

        var written = updater.update(execution, e -> {
            // 1st call: does it change anything? 2nd: on the status just read, when another writer gets in first
            if (calls.incrementAndGet() == 2) {
                client.resources(Execution.class)
                        .inNamespace(NS)
                        .withName("raced")
                        .editStatus(other -> {
                            other.setStatus(new ExecutionStatus());
                            other.getStatus().error = "the other writer";
                            return other;
                        });
            }
            if (e.getStatus() == null) {
                e.setStatus(new ExecutionStatus());
            }
            e.getStatus().jobName = "raced-1";
            return Optional.empty();
        });

        assertThat(calls.get()).as("the 409 made it read and apply again").isEqualTo(3);
        assertThat(written).isPresent();
        Execution latest = client.resources(Execution.class)
                .inNamespace(NS)
                .withName("raced")
                .get();
        assertThat(latest.getStatus().error).isEqualTo("the other writer");
        assertThat(latest.getStatus().jobName).isEqualTo("raced-1");
    }

    @Test
    void aCopyIsWrittenAtItsVersionWithoutAReadAndAWriteByAnotherSinceStillWins() {
        Execution execution = create("remembered");
        ExecutionStatusUpdater updater =
                new ExecutionStatusUpdater(client, new ExecutionEvents(client, Clock.systemUTC()));
        Execution mine = updater.update(execution, e -> {
                    e.setStatus(new ExecutionStatus());
                    e.getStatus().jobName = "mine-1";
                    return Optional.empty();
                })
                .orElseThrow()
                .execution();
        client.resources(Execution.class).inNamespace(NS).withName("remembered").editStatus(other -> {
            other.getStatus().error = "the other writer";
            return other;
        });
        AtomicInteger calls = new AtomicInteger();

        // `mine` is written as it is, at its version: the 409 says it is stale
        var written = updater.update(mine, e -> {
            calls.incrementAndGet();
            e.getStatus().jobName = "mine-2";
            return Optional.empty();
        });

        assertThat(calls.get())
                .as("changes?, applied on the copy, 409, applied on the status read")
                .isEqualTo(3);
        assertThat(written).isPresent();
        Execution latest = client.resources(Execution.class)
                .inNamespace(NS)
                .withName("remembered")
                .get();
        assertThat(latest.getStatus().error).isEqualTo("the other writer");
        assertThat(latest.getStatus().jobName).isEqualTo("mine-2");
    }

    @Test
    void anUnchangedStatusIsNotWritten() {
        Execution current = create("unchanged");
        ExecutionStatusUpdater updater =
                new ExecutionStatusUpdater(client, new ExecutionEvents(client, Clock.systemUTC()));

        assertThat(updater.update(current, e -> Optional.empty())).isEmpty();
        assertThat(client.resources(Execution.class)
                        .inNamespace(NS)
                        .withName("unchanged")
                        .get()
                        .getMetadata()
                        .getResourceVersion())
                .isEqualTo(current.getMetadata().getResourceVersion());
    }
}
