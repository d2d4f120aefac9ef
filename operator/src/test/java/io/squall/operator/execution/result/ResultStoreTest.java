package io.squall.operator.execution.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.impl.NatsMessage;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Results on a real nats-server: the object store for large ones, and reading the stream back. */
@ExtendWith(NatsServerExtension.class)
class ResultStoreTest {

    private NatsConnector connector;
    private ResultStore store;

    @BeforeEach
    void connect(NatsServer nats) {
        var config =
                TestConfigs.squall(Map.of("squall.nats.url", nats.url(), "squall.executions.result-max-bytes", "4096"));
        connector = new NatsConnector(config);
        connector.start();
        await().atMost(Kube.WAIT).until(() -> connector.readiness().ready());
        store = new ResultStore(connector, config);
    }

    @AfterEach
    void disconnect() {
        connector.stop();
    }

    private static ExecutionResult result(String execution, int attempt, String stdout) {
        ObjectNode value =
                JsonNodeFactory.instance.objectNode().put("stdout", stdout).put("return_code", 0);
        return new ExecutionResult(
                "ns", execution, attempt, ExecutionResult.Outcome.succeeded, value, null, Instant.now(), Instant.now());
    }

    @Test
    void aSmallResultStaysInTheStatus() throws Exception {
        ResultStore.StatusResult shown = store.forStatus(result("small", 1, "ok"));

        assertThat(shown.truncated()).isFalse();
        assertThat(shown.ref()).isNull();
        assertThat(shown.result().get("stdout").asText()).isEqualTo("ok");
    }

    @Test
    void aLargeResultIsKeptWholeAndTruncatedForTheStatus() throws Exception {
        String stdout = "y".repeat(300_000);

        ResultStore.StatusResult shown = store.forStatus(result("large", 2, stdout));

        assertThat(shown.truncated()).isTrue();
        assertThat(shown.ref()).isEqualTo(Subjects.RESULTS_OBJECT_STORE + "/ns/large/2");
        assertThat(ResultTruncator.size(shown.result())).isLessThanOrEqualTo(4096);
        String whole = store.fetch(shown.ref()).get("stdout").asText();
        assertThat(whole.length()).isEqualTo(300_000);
        assertThat(whole.equals(stdout)).isTrue();
        // storing the same attempt again (a redelivery) leaves one whole object
        store.forStatus(result("large", 2, stdout));
        assertThat(store.fetch(shown.ref()).get("stdout").asText().length()).isEqualTo(300_000);
    }

    @Test
    void theLastResultOfAnExecutionIsReadFromTheStream() throws Exception {
        assertThat(store.lastResult("ns", "streamed")).isEmpty();
        var jetStream = connector.connection().orElseThrow().jetStream();
        for (int attempt = 1; attempt <= 2; attempt++) {
            ExecutionResult result = result("streamed", attempt, "attempt " + attempt);
            jetStream.publish(NatsMessage.builder()
                    .subject(result.subject())
                    .data(Json.toBytes(result))
                    .build());
        }

        assertThat(store.lastResult("ns", "streamed")).hasValueSatisfying(r -> {
            assertThat(r.attempt()).isEqualTo(2);
            assertThat(r.result().get("stdout").asText()).isEqualTo("attempt 2");
        });
    }
}
