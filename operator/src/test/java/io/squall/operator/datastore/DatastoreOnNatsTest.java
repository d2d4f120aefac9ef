package io.squall.operator.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.squall.api.messages.Subjects;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.Datastore.Place;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.JetStreamKvBucket;
import io.squall.engine.datastore.KvEntry;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.KvValue;
import io.squall.engine.datastore.SecretCipher;
import io.squall.local.NatsServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The datastore on a real nats-server (JetStream KV bucket squall-kv), as the operator and the CLI use it. */
class DatastoreOnNatsTest {
    private static NatsServer server;
    private static Connection connection;
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    /** A clock the test moves: expiry is decided by the datastore's clock, never by sleeping. */
    private static final Clock CLOCK = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return NOW.get();
        }
    };

    private static final SecretCipher CIPHER =
            new SecretCipher("the chart's datastore key".getBytes(StandardCharsets.UTF_8));
    private static Datastore store;

    @BeforeAll
    static void start() throws Exception {
        server = NatsServer.start();
        connection = Nats.connect(server.url());
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(Subjects.DATASTORE_BUCKET)
                        .storageType(StorageType.File)
                        .maxHistoryPerKey(5)
                        .build());
        store = new Datastore(new JetStreamKvBucket(() -> connection), CIPHER, CLOCK);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    private static byte[] raw(String key) throws Exception {
        var entry = connection.keyValue(Subjects.DATASTORE_BUCKET).get(key);
        return entry == null ? null : entry.getValue();
    }

    @Test
    void namespacesAndScopesNeverSeeEachOthersKeys() {
        store.set(Place.system("team-a"), "asg.web.total_nodes", TextNode.valueOf("3"), null, false, null, null);
        store.set(
                new Place("team-a", KvScope.USER, "alice"),
                "asg.web.total_nodes",
                TextNode.valueOf("9"),
                null,
                false,
                null,
                null);

        assertThat(store.get(Place.system("team-b"), "asg.web.total_nodes", false))
                .isEmpty();
        assertThat(store.lookup("team-b", null).find(KvScope.SYSTEM, "asg.web.total_nodes"))
                .isEmpty();
        assertThat(store.list(Place.system("team-b"), "", false)).isEmpty();
        assertThat(store.get(Place.system("team-a"), "asg.web.total_nodes", false))
                .get()
                .extracting(e -> e.value().asText())
                .isEqualTo("3");
        assertThat(store.lookup("team-a", "alice").find(KvScope.USER, "asg.web.total_nodes"))
                .get()
                .extracting(v -> v.value().asText())
                .isEqualTo("9");
        assertThat(store.lookup("team-a", "bob").find(KvScope.USER, "asg.web.total_nodes"))
                .isEmpty();
        assertThat(store.lookup("team-a", null).find(KvScope.USER, "asg.web.total_nodes"))
                .as("no user, no user scope")
                .isEmpty();
        assertThat(store.list(Place.system("team-a"), "asg.", false))
                .extracting(KvEntry::name)
                .containsExactly("asg.web.total_nodes");
    }

    @Test
    void keysExpireByTheirOwnTtlAndTheSweepDeletesThem() throws Exception {
        Place place = Place.system("ttl");
        store.set(place, "asg.web.status", TextNode.valueOf("expanding"), Duration.ofSeconds(300), false, null, null);
        store.set(place, "asg.web.max_nodes", TextNode.valueOf("5"), null, false, null, null);
        assertThat(store.get(place, "asg.web.status", false))
                .get()
                .extracting(KvEntry::expiresAt)
                .isEqualTo(NOW.get().plusSeconds(300));

        NOW.set(NOW.get().plusSeconds(299));
        assertThat(store.get(place, "asg.web.status", false)).isPresent();
        NOW.set(NOW.get().plusSeconds(1));
        assertThat(store.get(place, "asg.web.status", false))
                .as("expired: missing")
                .isEmpty();
        assertThat(store.list(place, "asg.", false)).extracting(KvEntry::name).containsExactly("asg.web.max_nodes");
        assertThat(raw("kv.ttl.system.asg.web.status"))
                .as("still in the bucket until swept")
                .isNotNull();
        // a lock that expired can be taken again with expect_revision 0
        store.set(place, "asg.web.lock", TextNode.valueOf("a"), Duration.ofSeconds(10), false, 0L, null);

        assertThat(store.sweepExpired()).isGreaterThanOrEqualTo(1);
        assertThat(raw("kv.ttl.system.asg.web.status")).isNull();
        assertThat(store.get(place, "asg.web.max_nodes", false)).isPresent();
        assertThat(store.get(place, "asg.web.lock", false))
                .as("not expired yet: kept")
                .isPresent();
    }

    @Test
    void secretsAreEncryptedAtRestMaskedWhenShownAndDecryptedForTemplates() throws Exception {
        Place place = Place.system("secrets");
        KvEntry set = store.set(place, "slack.token", TextNode.valueOf("xoxb-very-secret"), null, true, null, null);
        assertThat(set.value().asText()).isEqualTo("********");

        String stored = new String(raw("kv.secrets.system.slack.token"), StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain("xoxb").contains("\"secret\":true").contains("v1:");
        assertThat(store.get(place, "slack.token", false))
                .get()
                .extracting(e -> e.value().asText())
                .isEqualTo("********");
        assertThat(store.list(place, "", false))
                .singleElement()
                .extracting(e -> e.value().asText())
                .isEqualTo("********");
        assertThat(store.get(place, "slack.token", true))
                .get()
                .extracting(e -> e.value().asText())
                .isEqualTo("xoxb-very-secret");
        KvValue forTemplates = store.lookup("secrets", null)
                .find(KvScope.SYSTEM, "slack.token")
                .orElseThrow();
        assertThat(forTemplates.secret()).isTrue();
        assertThat(forTemplates.value().asText()).isEqualTo("xoxb-very-secret");

        Datastore withoutKey = new Datastore(new JetStreamKvBucket(() -> connection), (SecretCipher) null, CLOCK);
        assertThatThrownBy(() -> withoutKey.set(place, "other", TextNode.valueOf("x"), null, true, null, null))
                .hasMessageContaining("need an encryption key");
        assertThatThrownBy(() -> withoutKey.lookup("secrets", null).find(KvScope.SYSTEM, "slack.token"))
                .hasMessageContaining("is a secret and this operator has no encryption key");
    }

    @Test
    void compareAndSetLetsExactlyOneOfEightWritersTakeALock() throws Exception {
        Place place = Place.system("cas");
        List<Callable<Boolean>> writers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            String me = "writer-" + i;
            writers.add(() -> {
                go.await();
                try {
                    store.set(place, "asg.web.status", TextNode.valueOf(me), Duration.ofSeconds(60), false, 0L, null);
                    return true;
                } catch (DatastoreException e) {
                    assertThat(e.getMessage()).contains("expect_revision 0 but its revision is");
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = writers.stream().map(pool::submit).toList();
            go.countDown();
            long winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        KvEntry lock = store.get(place, "asg.web.status", false).orElseThrow();
        assertThatThrownBy(() -> store.set(
                        place, "asg.web.status", TextNode.valueOf("x"), null, false, lock.revision() + 1, null))
                .hasMessageContaining("its revision is " + lock.revision());
        assertThat(store.set(place, "asg.web.status", TextNode.valueOf("deflating"), null, false, lock.revision(), null)
                        .value()
                        .asText())
                .isEqualTo("deflating");
    }

    @Test
    void incrementsFromEightConcurrentWritersAreNeverLost() throws Exception {
        Place place = Place.system("incr");
        store.set(place, "asg.web.total_nodes", TextNode.valueOf("2"), null, false, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.increment(place, "asg.web.total_nodes", 1, null, null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.get(place, "asg.web.total_nodes", false).orElseThrow().value())
                .as("a string stays a string, as StackStorm stores it")
                .isEqualTo(TextNode.valueOf("202"));
        assertThat(store.increment(place, "typed", -3, null, null).value()).isEqualTo(TextNode.valueOf("-3"));
        store.set(place, "n", IntNode.valueOf(5), null, false, null, null);
        assertThat(store.increment(place, "n", 2, null, null).value().asLong()).isEqualTo(7);
        store.set(place, "word", TextNode.valueOf("many"), null, false, null, null);
        assertThatThrownBy(() -> store.increment(place, "word", 1, null, null))
                .hasMessageContaining("is not an integer");
    }

    @Test
    void anAttemptRepeatedAfterACrashRecognisesItsOwnWrite() {
        Place place = Place.system("repeat");
        store.set(place, "count", TextNode.valueOf("1"), null, false, null, null);
        KvEntry first = store.increment(place, "count", 1, null, "uid-1/1");
        KvEntry again = store.increment(place, "count", 1, null, "uid-1/1");
        assertThat(again.revision()).isEqualTo(first.revision());
        assertThat(again.value().asText()).isEqualTo("2");
        assertThat(store.increment(place, "count", 1, null, "uid-2/1").value().asText())
                .isEqualTo("3");

        KvEntry lock = store.set(place, "lock", TextNode.valueOf("mine"), null, false, 0L, "uid-3/1");
        assertThat(store.set(place, "lock", TextNode.valueOf("mine"), null, false, 0L, "uid-3/1")
                        .revision())
                .as("the same attempt's compare-and-set is not a conflict with itself")
                .isEqualTo(lock.revision());
        assertThat(store.delete(place, "lock", null)).isTrue();
        assertThat(store.delete(place, "lock", null)).isFalse();
    }
}
