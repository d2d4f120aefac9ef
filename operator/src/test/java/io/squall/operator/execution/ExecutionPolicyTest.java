package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.operator.execution.result.ResultStore;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Retry, cancel, result size bound and secret masking, end to end. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class ExecutionPolicyTest extends LocalExecutorTestBase {

    @Inject
    ResultStore results;

    @ConfigProperty(name = "squall.executions.result-max-bytes")
    int resultMaxBytes;

    private List<String> jobNames(String namespace) {
        return client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .map(job -> job.getMetadata().getName())
                .sorted()
                .toList();
    }

    @Test
    void aFailingActionIsRetriedAsTheActionSaysThenFails() {
        String ns = "policy-retry";
        run(
                ns,
                "flaky",
                "  runner: shell\n  command: echo attempt $SQUALL_ATTEMPT; exit 1\n"
                        + "  retry: {count: 2, delay: 1}\n",
                "{}");

        Execution done = awaitFinished(ns, "flaky", ExecutionPhase.Failed);

        assertThat(done.getStatus().attempts).isEqualTo(3);
        assertThat(done.getStatus().jobName).isEqualTo("flaky-3");
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("attempt 3");
        assertThat(jobNames(ns)).containsExactly("flaky-1", "flaky-2", "flaky-3");
        // one Event per transition, each naming its attempt. Not checked by creation order: the results consumer
        // records Retrying after its status write, while the reconciler may already schedule the next attempt
        await().atMost(Kube.WAIT).untilAsserted(() -> {
            assertThat(eventMessages(ns, "flaky", "Scheduled"))
                    .containsExactlyInAnyOrder(
                            "Job flaky-1 created for attempt 1",
                            "Job flaky-2 created for attempt 2",
                            "Job flaky-3 created for attempt 3");
            assertThat(eventMessages(ns, "flaky", "Retrying"))
                    .hasSize(2)
                    .anySatisfy(m -> assertThat(m).startsWith("attempt 1: ").endsWith("; attempt 2 of 3 starts in 1s"))
                    .anySatisfy(m -> assertThat(m).startsWith("attempt 2: ").endsWith("; attempt 3 of 3 starts in 1s"));
            assertThat(eventMessages(ns, "flaky", "Failed")).containsExactly(done.getStatus().error);
        });
    }

    @Test
    void aRetryThatSucceedsEndsSucceeded() {
        String ns = "policy-retry-ok";
        run(ns, "second", "  runner: shell\n  command: test $SQUALL_ATTEMPT -ge 2\n  retry: {count: 3}\n", "{}");

        Execution done = awaitFinished(ns, "second", ExecutionPhase.Succeeded);

        assertThat(done.getStatus().attempts).isEqualTo(2);
        assertThat(done.getStatus().error).isNull();
        assertThat(jobNames(ns)).containsExactly("second-1", "second-2");
    }

    @Test
    void onlyTheOutcomesInOnAreRetried() {
        String ns = "policy-retry-on";
        run(ns, "once", "  runner: shell\n  command: exit 1\n  retry: {count: 3, retryOn: [timedout]}\n", "{}");

        Execution done = awaitFinished(ns, "once", ExecutionPhase.Failed);

        assertThat(done.getStatus().attempts).isEqualTo(1);
        assertThat(jobNames(ns)).containsExactly("once-1");
    }

    @Test
    void cancelStopsTheJobAndEndsCanceled() throws Exception {
        String ns = "policy-cancel";
        run(ns, "long", "  runner: shell\n  command: echo started; sleep 120\n", "{}");
        await().atMost(Kube.WAIT).until(() -> executor.log(ns, "long-1").contains("started"));
        Execution running = awaitPhase(ns, "long", ExecutionPhase.Running);
        assertThat(Conditions.find(running.getStatus(), Conditions.RUNNING)
                        .orElseThrow()
                        .getStatus())
                .isEqualTo("True");
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(eventReasons(ns, "long")).containsSubsequence("Scheduled", "Running"));

        Kube.edit(client, ns, "long", e -> {
            e.getSpec().cancel = true;
            return e;
        });

        Execution done = awaitFinished(ns, "long", ExecutionPhase.Canceled);
        assertThat(done.getStatus().error).isNull();
        assertThat(Conditions.find(done.getStatus(), Conditions.COMPLETED)
                        .orElseThrow()
                        .getMessage())
                .isEqualTo("canceled: spec.cancel is true");
        await().atMost(Kube.WAIT)
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ns)
                                .withName("long-1")
                                .get()
                        == null);
        await().atMost(Kube.WAIT).until(() -> !executor.isRunning(ns, "long-1"));
        assertThat(completedTrigger(ns, "long").payload().get("status").asText())
                .isEqualTo("canceled");
        // the runner's own "canceled" report arrives later and changes nothing
        Execution canceled = get(ns, "long");
        awaitLastResultAcknowledged(ns, "long");
        assertThat(get(ns, "long").getMetadata().getResourceVersion())
                .isEqualTo(canceled.getMetadata().getResourceVersion());
        assertThat(canceled.getStatus().phase).isEqualTo(ExecutionPhase.Canceled);
    }

    @Test
    void anOversizedResultIsTruncatedInStatusAndKeptWholeInTheObjectStore() throws Exception {
        String ns = "policy-big";
        run(ns, "big", "  runner: shell\n  command: head -c 100000 /dev/zero | tr '\\0' x\n", "{}");

        Execution done = awaitFinished(ns, "big", ExecutionPhase.Succeeded);

        var status = done.getStatus();
        assertThat(status.resultTruncated).isTrue();
        assertThat(status.resultRef).isEqualTo(Subjects.RESULTS_OBJECT_STORE + "/policy-big/big/1");
        assertThat(Json.toBytes(status.result).length).isLessThanOrEqualTo(resultMaxBytes);
        assertThat(status.result.get("stdout").asText()).startsWith("xxxx").contains("[truncated ");
        assertThat(status.result.get("return_code").asInt()).isZero();
        String whole = results.fetch(status.resultRef).get("stdout").asText();
        assertThat(whole.length()).isEqualTo(100_000);
        assertThat(whole.matches("x+")).isTrue();
        JsonNode payload = completedTrigger(ns, "big").payload();
        assertThat(payload.get("result_truncated").asBoolean()).isTrue();
        assertThat(payload.get("result_ref").asText()).isEqualTo(status.resultRef);
    }

    @Test
    void secretParametersReachTheRunnerButAreMaskedEverywhereTheyAreShown() throws Exception {
        String ns = "policy-secret";
        action(ns, "login", """
                  runner: shell
                  command: 'echo "{{ user }} uses {{ password }}"'
                  parameters:
                    user: {type: string}
                    password: {type: string, secret: true}
                """);
        // as the rules engine creates it: the value in the Secret, the mask in the spec
        Execution created = Kube.apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: login-1, namespace: policy-secret}
                spec:
                  action: {name: login}
                  parameters: {user: ada, password: '********'}
                  context: {rule: on-login, triggerId: t-1}
                """, Execution.class);
        client.secrets()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(Names.secretParametersName("login-1"))
                        .withNamespace(ns)
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion(Names.API_VERSION)
                                .withKind("Execution")
                                .withName("login-1")
                                .withUid(created.getMetadata().getUid())
                                .build())
                        .endMetadata()
                        .addToData(
                                "password",
                                Base64.getEncoder().encodeToString("\"hunter2\"".getBytes(StandardCharsets.UTF_8)))
                        .build())
                .create();

        Execution done = awaitFinished(ns, "login-1", ExecutionPhase.Succeeded);

        // the runner got the value (it rendered into the command) and masked it in its output
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("ada uses ********");
        assertThat(executor.log(ns, "login-1-1")).contains("ada uses ********").doesNotContain("hunter2");
        assertThat(Json.mapper().valueToTree(done).toString()).doesNotContain("hunter2");
        Job job =
                client.batch().v1().jobs().inNamespace(ns).withName("login-1-1").get();
        assertThat(Json.mapper().valueToTree(job).toString()).doesNotContain("hunter2");
        JsonNode payload = completedTrigger(ns, "login-1").payload();
        assertThat(payload.get("parameters").get("password").asText()).isEqualTo("********");
        assertThat(payload.toString()).doesNotContain("hunter2");
        // the last Event follows the status write that says the trigger is published
        await().atMost(Kube.WAIT)
                .untilAsserted(
                        () -> assertThat(eventReasons(ns, "login-1")).contains("Succeeded", "ActionTriggerPublished"));
        assertThat(events(ns, "login-1")).noneMatch(e -> e.getMessage().contains("hunter2"));
    }
}
