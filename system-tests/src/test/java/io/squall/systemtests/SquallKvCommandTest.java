package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.squall.api.messages.Subjects;
import io.squall.cli.SquallCli;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.JetStreamKvBucket;
import io.squall.engine.datastore.SecretCipher;
import io.squall.local.NatsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code squall kv} against a real nats-server: the keys the operator's core-kv-* actions and templates use (the
 * engine's Datastore reads what the command wrote, and the other way round), secrets with the key file, exit codes.
 */
class SquallKvCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NatsServer server;
    private static Connection connection;
    private static Path keyFile;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        server = NatsServer.start();
        connection = Nats.connect(server.url());
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(Subjects.DATASTORE_BUCKET)
                        .storageType(StorageType.File)
                        .build());
        keyFile = Files.createTempFile("datastore-key", "");
        Files.writeString(keyFile, "the operator's datastore key, 32 bytes or so");
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    private static Run squall(String... args) {
        return squallAt(server.url(), args);
    }

    @Test
    void setGetListDeleteAsStKeyDoes() throws Exception {
        assertThat(squall("kv", "set", "asg.web.max_nodes", "8", "-n", "shop").status())
                .isZero();
        assertThat(squall("kv", "set", "asg.web.status", "expanding", "--ttl", "300", "-n", "shop")
                        .status())
                .isZero();
        assertThat(squall("kv", "get", "asg.web.max_nodes", "-n", "shop").out()).isEqualTo("8\n");
        assertThat(squall("kv", "get", "asg.web.max_nodes", "-n", "other").status())
                .as("another namespace")
                .isEqualTo(1);

        Run list = squall("kv", "list", "asg.", "-n", "shop", "-o", "json");
        JsonNode items = JSON.readTree(list.out());
        assertThat(items).extracting(i -> i.get("key").asText()).containsExactly("asg.web.max_nodes", "asg.web.status");
        assertThat(items.get(1).get("expires_at")).isNotNull();

        // what the operator's templates read (kv.system.asg.web.max_nodes)
        Datastore operatorView =
                new Datastore(new JetStreamKvBucket(() -> connection), (SecretCipher) null, Clock.systemUTC());
        assertThat(operatorView
                        .lookup("shop", null)
                        .find(io.squall.engine.datastore.KvScope.SYSTEM, "asg.web.max_nodes"))
                .get()
                .extracting(v -> v.value())
                .isEqualTo(TextNode.valueOf("8"));

        Run refused = squall("kv", "set", "asg.web.status", "deflating", "--expect-revision", "0", "-n", "shop");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("expect_revision 0 but its revision is");

        assertThat(squall("kv", "delete", "asg.web.status", "-n", "shop").status())
                .isZero();
        assertThat(squall("kv", "delete", "asg.web.status", "-n", "shop").status())
                .isEqualTo(1);
    }

    @Test
    void secretsNeedTheKeyAndShowMaskedUnlessDecrypted() {
        Run noKey = squall("kv", "set", "slack.token", "xoxb-1", "--secret", "-n", "chat");
        assertThat(noKey.status()).isEqualTo(2);
        assertThat(noKey.err()).contains("need an encryption key");

        assertThat(squall(
                                "kv",
                                "set",
                                "slack.token",
                                "xoxb-1",
                                "--secret",
                                "-n",
                                "chat",
                                "--key-file",
                                keyFile.toString())
                        .status())
                .isZero();
        assertThat(squall("kv", "get", "slack.token", "-n", "chat").out()).isEqualTo("********\n");
        assertThat(squall("kv", "get", "slack.token", "-n", "chat", "--decrypt", "--key-file", keyFile.toString())
                        .out())
                .isEqualTo("xoxb-1\n");
    }

    @Test
    void userScopeAndTypedValues() throws Exception {
        assertThat(squall(
                                "kv",
                                "set",
                                "limits",
                                "{\"cpu\": 2}",
                                "--json",
                                "--scope",
                                "user",
                                "--for-user",
                                "alice",
                                "-n",
                                "shop")
                        .status())
                .isZero();
        assertThat(JSON.readTree(squall("kv", "get", "limits", "--scope", "user", "--for-user", "alice", "-n", "shop")
                                .out())
                        .get("cpu")
                        .asInt())
                .isEqualTo(2);
        assertThat(squall("kv", "get", "limits", "-n", "shop").status())
                .as("not a system key")
                .isEqualTo(1);
        Run noUser = squall("kv", "get", "limits", "--scope", "user", "-n", "shop");
        assertThat(noUser.status()).isEqualTo(2);
        assertThat(noUser.err()).contains("--for-user");
    }

    @Test
    void natsThatIsNotThereIsExitThree() {
        Run down =
                SquallKvCommandTest.squallAt("nats://127.0.0.1:" + NatsServer.freePort(), "kv", "get", "x", "-n", "a");
        assertThat(down.status()).isEqualTo(3);
        assertThat(down.err()).contains("cannot connect to NATS");
    }

    private static Run squallAt(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--nats", url));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SquallCli.run(
                all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
