package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.NatsMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.execution.result.ResultApplier;
import io.squall.operator.execution.result.ResultConsumer;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The results consumer: idempotent application, results of other attempts, malformed messages. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class ExecutionResultsTest extends LocalExecutorTestBase {

    @Inject
    ResultApplier applier;

    @KubernetesTestServer
    KubernetesServer mockServer;

    /** Publishes as a second copy would arrive (no Nats-Msg-Id, so the stream keeps it) and waits until it is acked. */
    private void publishAndAwaitAck(String subject, byte[] data) throws Exception {
        long sequence = nats.jetStream()
                .publish(NatsMessage.builder().subject(subject).data(data).build())
                .getSeqno();
        await().atMost(Kube.WAIT).until(() -> {
            ConsumerInfo info =
                    nats.jetStreamManagement().getConsumerInfo(Subjects.RESULT_STREAM, Subjects.RESULTS_CONSUMER);
            return info.getAckFloor().getStreamSequence() >= sequence;
        });
    }

    private static ExecutionResult result(
            String namespace, String execution, int attempt, ExecutionResult.Outcome outcome) {
        return new ExecutionResult(
                namespace,
                execution,
                attempt,
                outcome,
                JsonNodeFactory.instance.objectNode().put("stdout", "forged"),
                "forged",
                Instant.now(),
                Instant.now());
    }

    @Test
    void aRedeliveredResultOrAResultOfAnotherAttemptChangesNothing() throws Exception {
        String ns = "results-idempotent";
        run(ns, "once", "  runner: shell\n  command: echo real\n", "{}");
        Execution done = awaitFinished(ns, "once", ExecutionPhase.Succeeded);
        await().atMost(Kube.WAIT)
                .until(() -> Conditions.isTrue(get(ns, "once").getStatus(), Conditions.TRIGGER_PUBLISHED));
        Execution before = get(ns, "once");

        publishAndAwaitAck(
                Subjects.result(ns, "once"), Json.toBytes(result(ns, "once", 1, ExecutionResult.Outcome.failed)));
        publishAndAwaitAck(
                Subjects.result(ns, "once"), Json.toBytes(result(ns, "once", 7, ExecutionResult.Outcome.failed)));

        Execution after = get(ns, "once");
        assertThat(after.getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getStatus().phase).isEqualTo(ExecutionPhase.Succeeded);
        assertThat(after.getStatus().result.get("stdout").asText()).isEqualTo("real");
        assertThat(done.getStatus().attempts).isEqualTo(1);
    }

    @Test
    void aResultForAnExecutionThatDoesNotExistIsAcknowledged() throws Exception {
        publishAndAwaitAck(
                Subjects.result("results-nowhere", "ghost"),
                Json.toBytes(result("results-nowhere", "ghost", 1, ExecutionResult.Outcome.succeeded)));

        assertThat(get("results-nowhere", "ghost")).isNull();
    }

    @Test
    void theAttemptDecidesWhetherAResultApplies() throws Exception {
        String ns = "results-attempts";
        run(ns, "slow", "  runner: shell\n  command: echo started; sleep 120\n", "{}");
        Execution running = awaitPhase(ns, "slow", ExecutionPhase.Running);

        // a result of an attempt whose Job the status does not know yet: retried later, not dropped
        assertThat(applier.apply(result(ns, "slow", 2, ExecutionResult.Outcome.succeeded), running, null))
                .isEqualTo(ResultApplier.Applied.NOT_YET);
        assertThat(applier.apply(result(ns, "slow", 0, ExecutionResult.Outcome.succeeded), running, null))
                .isEqualTo(ResultApplier.Applied.IGNORED);
        assertThat(get(ns, "slow").getStatus().phase).isEqualTo(ExecutionPhase.Running);

        Kube.edit(client, ns, "slow", e -> {
            e.getSpec().cancel = true;
            return e;
        });
        awaitFinished(ns, "slow", ExecutionPhase.Canceled);
    }

    @Test
    void anApiServerErrorNaksTheResultAndItsRedeliveryIsApplied() throws Exception {
        String ns = "results-nak";
        run(ns, "unlucky", "  runner: shell\n  command: echo started; sleep 120\n", "{}");
        awaitPhase(ns, "unlucky", ExecutionPhase.Running);
        // one failed status write (a code the client does not retry by itself)
        mockServer
                .expect()
                .put()
                .withPath("/apis/squall.io/v1alpha1/namespaces/" + ns + "/executions/unlucky/status")
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"message\":\"rejected once\"}")
                .once();

        long redeliveredBefore = redeliveries();

        nats.jetStream()
                .publish(NatsMessage.builder()
                        .subject(Subjects.result(ns, "unlucky"))
                        .data(Json.toBytes(result(ns, "unlucky", 1, ExecutionResult.Outcome.succeeded)))
                        .build());

        Execution done = awaitFinished(ns, "unlucky", ExecutionPhase.Succeeded);
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("forged");
        assertThat(redeliveries()).as("the result came again after the nak").isGreaterThan(redeliveredBefore);
    }

    /** Deliveries beyond one per message: the consumer delivers every stream message from the first. */
    private long redeliveries() throws Exception {
        var delivered = nats.jetStreamManagement()
                .getConsumerInfo(Subjects.RESULT_STREAM, Subjects.RESULTS_CONSUMER)
                .getDelivered();
        return delivered.getConsumerSequence() - delivered.getStreamSequence();
    }

    @Test
    void aMalformedResultIsDeadLetteredAndTheNextOnesStillApply() throws Exception {
        String ns = "results-malformed";
        publishAndAwaitAck(Subjects.result(ns, "broken"), "{not json".getBytes(StandardCharsets.UTF_8));

        var dead =
                nats.jetStreamManagement().getLastMessage(Subjects.DEAD_LETTER_STREAM, Subjects.deadLetter("result"));
        assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(dead.getHeaders().getFirst(ResultConsumer.ERROR_HEADER)).startsWith("ExecutionResult: ");
        assertThat(dead.getHeaders().getFirst(ResultConsumer.SUBJECT_HEADER)).isEqualTo(Subjects.result(ns, "broken"));

        run(ns, "after", "  runner: noop\n", "{}");
        awaitFinished(ns, "after", ExecutionPhase.Succeeded);
    }
}
