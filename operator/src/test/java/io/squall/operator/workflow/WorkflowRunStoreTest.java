package io.squall.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.squall.local.NatsServer;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The workflow state bucket on a real nats-server: revision-guarded writes, and no write for a step that moved nothing. */
@ExtendWith(NatsServerExtension.class)
class WorkflowRunStoreTest {

    private NatsConnector connector;
    private WorkflowRunStore store;

    @BeforeEach
    void connect(NatsServer nats) {
        var config = TestConfigs.squall(Map.of("squall.nats.url", nats.url()));
        connector = new NatsConnector(config);
        connector.start();
        await().atMost(Kube.WAIT).until(() -> connector.readiness().ready());
        store = new WorkflowRunStore(connector, config);
    }

    @AfterEach
    void disconnect() {
        connector.stop();
    }

    private static WorkflowRun run(String workflow) {
        WorkflowRun run = new WorkflowRun();
        run.workflow = workflow;
        return run;
    }

    @Test
    void aRunReadBackUnchangedIsNotWrittenAgain() throws Exception {
        long first = store.write("ns", "same", run("sequence"), null);
        WorkflowRunStore.Stored read = store.read("ns", "same").orElseThrow();

        long again = store.write("ns", "same", read.run(), read);

        assertThat(again).as("nothing moved: the revision read, no new one").isEqualTo(first);
        assertThat(store.read("ns", "same").orElseThrow().revision()).isEqualTo(first);
    }

    @Test
    void aChangedRunIsWrittenAndAWriterBehindItIsStale() throws Exception {
        store.write("ns", "moved", run("sequence"), null);
        WorkflowRunStore.Stored read = store.read("ns", "moved").orElseThrow();
        WorkflowRun changed = read.run();
        changed.cancelApplied = true;

        long next = store.write("ns", "moved", changed, read);

        assertThat(next).isGreaterThan(read.revision());
        assertThat(store.read("ns", "moved").orElseThrow().run().cancelApplied).isTrue();
        WorkflowRun other = run("sequence");
        other.pauseApplied = true;
        assertThatThrownBy(() -> store.write("ns", "moved", other, read))
                .isInstanceOf(WorkflowRunStore.StaleRunException.class);
    }
}
