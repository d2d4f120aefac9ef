package io.squall.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.squall.local.NatsServer;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values larger than a NATS message, in parts, on a real nats-server (max_payload 1 MiB). */
class ChunkedValuesTest {

    private static NatsServer server;
    private static Connection connection;
    private static KeyValue kv;

    @BeforeAll
    static void bucket() throws Exception {
        server = NatsServer.start();
        connection = Nats.connect(server.url());
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name("CHUNKS")
                        .storageType(StorageType.Memory)
                        .maxHistoryPerKey(1)
                        .build());
        kv = connection.keyValue("CHUNKS");
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0x1f; // as gzip starts
        return bytes;
    }

    private static long parts(String key) throws Exception {
        return kv.keys("_parts." + key + ".>").size();
    }

    @Test
    void aValueLargerThanAMessageIsWrittenInPartsAndReadWhole() throws Exception {
        byte[] big = random(3 * 1024 * 1024 + 7, 1);
        long revision = ChunkedValues.write(kv, "ns.big", big, 0, null);

        ChunkedValues.Value read = ChunkedValues.read(kv, "ns.big").orElseThrow();
        assertThat(read.bytes()).isEqualTo(big);
        assertThat(read.revision()).isEqualTo(revision);
        assertThat(read.parts().parts()).isEqualTo(13);
        assertThat(parts("ns.big")).isEqualTo(13);

        // replaced by a small value: the parts go
        byte[] small = random(100, 2);
        ChunkedValues.write(kv, "ns.big", small, read.revision(), read.parts());
        assertThat(ChunkedValues.read(kv, "ns.big").orElseThrow().bytes()).isEqualTo(small);
        assertThat(parts("ns.big")).isZero();
    }

    @Test
    void aWriterThatLostTheRaceLeavesNoPartsAndTheWinnersValueStands() throws Exception {
        ChunkedValues.write(kv, "ns.race", random(10, 3), 0, null);
        ChunkedValues.Value read = ChunkedValues.read(kv, "ns.race").orElseThrow();
        byte[] winner = random(600 * 1024, 4);
        byte[] loser = random(700 * 1024, 5);

        ChunkedValues.write(kv, "ns.race", winner, read.revision(), read.parts());
        assertThatThrownBy(() -> ChunkedValues.write(kv, "ns.race", loser, read.revision(), read.parts()))
                .isInstanceOfSatisfying(
                        JetStreamApiException.class,
                        e -> assertThat(e.getApiErrorCode()).isEqualTo(WorkflowRunStore.WRONG_LAST_SEQUENCE));

        ChunkedValues.Value now = ChunkedValues.read(kv, "ns.race").orElseThrow();
        assertThat(now.bytes()).isEqualTo(winner);
        assertThat(parts("ns.race")).isEqualTo(now.parts().parts());
    }

    @Test
    void deleteRemovesTheEntryAndItsParts() throws Exception {
        ChunkedValues.write(kv, "ns.gone", random(2 * 1024 * 1024, 6), 0, null);
        assertThat(parts("ns.gone")).isPositive();

        ChunkedValues.delete(kv, "ns.gone");

        assertThat(ChunkedValues.read(kv, "ns.gone")).isEmpty();
        assertThat(parts("ns.gone")).isZero();
    }

    @Test
    void aMissingPartIsAnErrorNamingIt() throws Exception {
        ChunkedValues.write(kv, "ns.torn", random(600 * 1024, 7), 0, null);
        ChunkedValues.Manifest manifest =
                ChunkedValues.read(kv, "ns.torn").orElseThrow().parts();
        kv.purge("_parts.ns.torn." + manifest.id() + ".1");

        assertThatThrownBy(() -> ChunkedValues.read(kv, "ns.torn"))
                .hasMessage("part 1 of 3 of ns.torn is missing from the bucket CHUNKS");
    }
}
