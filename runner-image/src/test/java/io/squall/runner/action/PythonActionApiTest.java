package io.squall.runner.action;

import static io.squall.runner.TestRequests.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.Connection;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.Datastore.Place;
import io.squall.engine.datastore.KvEntry;
import io.squall.engine.datastore.SecretCipher;
import io.squall.local.NatsServer;
import io.squall.runner.Attempts;
import io.squall.runner.Cancellation;
import io.squall.runner.ExecutionAttempt;
import io.squall.runner.RunnerConfig;
import io.squall.runner.TestNats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StackStorm's python action API on the runner: self.config from the request, self.logger, and
 * self.action_service on the real datastore (a real nats-server with the squall-kv bucket), checked with the
 * engine's own datastore reader, as the operator and {@code squall kv} read it.
 */
class PythonActionApiTest {
    private static NatsServer server;
    private static Connection connection;
    /** The engine's datastore, with a key: what the operator sees. */
    private static Datastore operatorView;

    @BeforeAll
    static void startNats(@TempDir Path store) throws Exception {
        server = NatsServer.start(store);
        connection = TestNats.connect(server);
        connection
                .keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(Subjects.DATASTORE_BUCKET)
                        .storageType(StorageType.File)
                        .maxHistoryPerKey(1)
                        .build());
        operatorView = new Datastore(
                new io.squall.engine.datastore.JetStreamKvBucket(() -> connection),
                new SecretCipher("operator-key-material-0123456789".getBytes(StandardCharsets.UTF_8)),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopNats() throws Exception {
        connection.close();
        server.close();
    }

    @Test
    void aStackStormActionUsesItsConfigLoggerAndTheDatastoreOfItsNamespace() throws Exception {
        operatorView.set(
                Place.system("shop"), "greeting", TextNode.valueOf("hello from the operator"), null, false, null, null);
        operatorView.set(
                Place.system("other"), "greeting", TextNode.valueOf("another namespace's"), null, false, null, null);
        operatorView.set(
                Place.system("shop"), "autoscale.Governor:stale", TextNode.valueOf("x"), null, false, null, null);
        ActionSpec action = script(RunnerType.PYTHON, """
                from st2common.runners.base_action import Action


                class Governor(Action):
                    def run(self, pulse):
                        self.logger.info("pulse %s in %s", pulse, self.config["region"])
                        svc = self.action_service
                        svc.set_value("last_pulse", pulse)
                        svc.set_value("count", 3)
                        svc.set_value("shared_state", "warm", local=False, ttl=3600)
                        listed = [(kv.name, kv.value) for kv in svc.list_values()]
                        listed_c = [kv.name for kv in svc.list_values(prefix="c")]
                        return (False, {
                            "config": self.config,
                            "local": svc.get_value("last_pulse"),
                            "count": svc.get_value("count"),
                            "global": svc.get_value("greeting", local=False),
                            "not_local": svc.get_value("greeting"),
                            "listed": listed,
                            "listed_c": listed_c,
                            "deleted": svc.delete_value("stale"),
                            "deleted_again": svc.delete_value("stale"),
                            "after_delete": svc.get_value("stale"),
                        })
                """);
        action.entryPoint = "Governor.run";
        action.pack = "autoscale";
        ExecutionResult result = Attempts.run(
                        request(
                                "shop",
                                action,
                                Map.of("pulse", "p-7"),
                                Map.of("region", "eu-west", "api_key", "k-5ecret-77", "limits", Map.of("max", 5)),
                                List.of("api_key")),
                        nats(),
                        new Cancellation())
                .result();

        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).isEqualTo("the python action returned (False, result)");
        JsonNode value = result.result().get("result");
        // Map.of iterates in a per-JVM order: compare the objects, not their text
        assertThat(value.get("config"))
                .isEqualTo(Json.mapper()
                        .readTree("{\"region\":\"eu-west\",\"api_key\":\"********\",\"limits\":{\"max\":5}}"));
        assertThat(value.get("local").asText()).isEqualTo("p-7");
        assertThat(value.get("count").asText()).isEqualTo("3"); // str(value), as StackStorm stores it
        assertThat(value.get("global").asText()).isEqualTo("hello from the operator");
        assertThat(value.get("not_local").isNull()).isTrue();
        assertThat(value.get("listed").toString())
                .isEqualTo("[[\"autoscale.Governor:count\",\"3\"],"
                        + "[\"autoscale.Governor:last_pulse\",\"p-7\"],[\"autoscale.Governor:stale\",\"x\"]]");
        assertThat(value.get("listed_c").toString()).isEqualTo("[\"autoscale.Governor:count\"]");
        assertThat(value.get("deleted").asBoolean()).isTrue();
        assertThat(value.get("deleted_again").asBoolean()).isFalse();
        assertThat(value.get("after_delete").isNull()).isTrue();
        assertThat(result.result().get("stderr").asText())
                .contains("INFO actions.python.Governor: pulse p-7 in eu-west");

        // what the operator reads: in the Execution's namespace, StackStorm's local key names; nothing elsewhere
        assertThat(operatorView
                        .get(Place.system("shop"), "autoscale.Governor:last_pulse", false)
                        .map(e -> e.value().asText()))
                .contains("p-7");
        KvEntry shared =
                operatorView.get(Place.system("shop"), "shared_state", false).orElseThrow();
        assertThat(shared.value().asText()).isEqualTo("warm");
        assertThat(shared.expiresAt()).isNotNull();
        assertThat(operatorView.get(Place.system("other"), "shared_state", false))
                .isEmpty();
        assertThat(operatorView.get(Place.system("other"), "autoscale.Governor:last_pulse", false))
                .isEmpty();
        assertThat(operatorView.get(Place.system("shop"), "autoscale.Governor:stale", false))
                .isEmpty();
    }

    @Test
    void secretValuesAreRefusedNamingWhyForTheRunnerHasNoEncryptionKey() {
        operatorView.set(Place.system("vault"), "token", TextNode.valueOf("t-0p-s3cret"), null, true, null, null);
        ActionSpec action = stackStormAction("Reader", """
                        masked = self.action_service.get_value("token", local=False)
                        try:
                            self.action_service.set_value("new", "v", local=False, encrypt=True)
                        except Exception as e:
                            print("set refused:", e)
                        print("masked:", masked)
                        return self.action_service.get_value("token", local=False, decrypt=True)
                """);
        ExecutionResult result = Attempts.run(
                        request("vault", action, Map.of(), Map.of(), List.of()), nats(), new Cancellation())
                .result();

        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error())
                .isEqualTo("the python action exited with code 1: DatastoreError: action_service.get: "
                        + "get_value('token', decrypt=True): secret datastore values are not available to python actions: "
                        + "the key that encrypts them stays with the operator (runner pods never get it); give the action the "
                        + "value as a secret parameter instead ({{ kv.system.token | decrypt_kv }})");
        assertThat(result.result().get("stdout").asText())
                .contains("masked: ********")
                .contains("set refused: action_service.set: set_value('new', encrypt=True): secret datastore values "
                        + "are not available to python actions");
        assertThat(operatorView.get(Place.system("vault"), "new", false)).isEmpty();
    }

    @Test
    void localKeysNeedThePackAndOnlyTheSystemScopeExistsAsInStackStorm() {
        ActionSpec action = stackStormAction("Counter", """
                        try:
                            self.action_service.get_value("n", scope="user")
                        except ValueError as e:
                            print("scope:", e)
                        return self.action_service.get_value("n")
                """);
        ExecutionResult result = Attempts.run(
                        request("shop", action, Map.of(), Map.of(), List.of()), nats(), new Cancellation())
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.result().get("stdout").asText()).isEqualTo("scope: Scope user is unsupported.");
        assertThat(result.error())
                .isEqualTo("the python action exited with code 1: DatastoreError: action_service key "
                        + "'n' with local=True is named '<pack>.Counter:...' in StackStorm, and this Action has no spec.pack: set "
                        + "spec.pack or pass local=False");
    }

    @Test
    void inARunnerPodTheDatastoreSharesTheRunnersConnection() throws Exception {
        ActionSpec action = stackStormAction(
                "Sharer",
                "        self.action_service.set_value('via', 'shared', local=False)\n"
                        + "        return self.action_service.get_value('via', local=False)\n");
        RunnerConfig config = RunnerConfig.from(Map.of(), new String[] {"request-given-in-process.json"});
        Connection runners = TestNats.connect(server);
        try {
            // no SQUALL_NATS_URL of its own: only the shared connection can reach the datastore
            ExecutionResult result = new ExecutionAttempt(
                            config, System.getenv(), new ByteArrayOutputStream(), new ByteArrayOutputStream())
                    .sharingNats(CompletableFuture.completedFuture(runners))
                    .run(request("share", action, Map.of(), Map.of(), List.of()), new Cancellation());

            assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.succeeded);
            assertThat(result.result().get("result").asText()).isEqualTo("shared");
            assertThat(operatorView
                            .get(Place.system("share"), "via", false)
                            .map(e -> e.value().asText()))
                    .contains("shared");
            assertThat(runners.getStatus()).as("left open for the result").isEqualTo(Connection.Status.CONNECTED);
        } finally {
            runners.close();
        }
    }

    @Test
    void withoutNatsTheDatastoreSaysWhyItIsNotThere() {
        ActionSpec action =
                stackStormAction("Remember", "        return self.action_service.get_value('x', local=False)\n");
        ExecutionResult result = Attempts.run(
                        request("shop", action, Map.of(), Map.of(), List.of()), Map.of(), new Cancellation())
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error())
                .isEqualTo("the python action exited with code 1: DatastoreError: action_service.get: "
                        + "the datastore lives in NATS JetStream and this runner has no SQUALL_NATS_URL");
    }

    @Test
    void requirementsArePipInstalledForTheAttempt(@TempDir Path dir) throws IOException {
        Path wheel = wheel(dir, "squall_probe", "1.2", "ANSWER = 42\n");
        ActionSpec action = script(RunnerType.PYTHON, """
                import squall_probe

                def run():
                    return {"answer": squall_probe.ANSWER, "from": squall_probe.__file__}
                """);
        action.requirements = List.of(wheel.toString());
        ExecutionResult result = Attempts.run(
                        request("shop", action, Map.of(), Map.of(), List.of()), Map.of(), new Cancellation())
                .result();
        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("result").get("answer").asInt()).isEqualTo(42);
        assertThat(result.result().get("result").get("from").asText())
                .contains("squall-attempt-")
                .contains("python-packages");
    }

    @Test
    void requirementsWithoutAReachableIndexFailSayingSo() {
        ActionSpec action = script(RunnerType.PYTHON, "def run():\n    return 1\n");
        action.requirements = List.of("squall-no-such-package==1.0");
        Map<String, String> unreachableIndex = Map.of(
                "PIP_INDEX_URL",
                "http://127.0.0.1:" + NatsServer.freePort() + "/simple",
                "PIP_RETRIES",
                "0",
                "PIP_DEFAULT_TIMEOUT",
                "2");
        ExecutionResult result = Attempts.run(
                        request("shop", action, Map.of(), Map.of(), List.of()), unreachableIndex, new Cancellation())
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error())
                .startsWith("action.requirements: pip install failed with exit code 1 (ERROR: ")
                .contains("squall-no-such-package==1.0")
                .endsWith("It needs a reachable pip index (PIP_INDEX_URL, or wheels in PIP_FIND_LINKS); without one, "
                        + "run the action in an image that already has the packages (spec.image) and leave "
                        + "requirements out");
    }

    private static ActionSpec stackStormAction(String className, String runBody) {
        ActionSpec action = script(
                RunnerType.PYTHON,
                "from st2common.runners.base_action import Action\n\n\n" + "class " + className
                        + "(Action):\n    def run(self):\n" + runBody);
        action.entryPoint = className + ".run";
        return action;
    }

    private static Map<String, String> nats() {
        return Map.of("SQUALL_NATS_URL", server.url());
    }

    private static ExecutionRequest request(
            String namespace,
            ActionSpec action,
            Map<String, ?> parameters,
            Map<String, ?> config,
            List<String> secretConfig) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> params.put(k, Json.mapper().valueToTree(v)));
        Map<String, JsonNode> configValues = new LinkedHashMap<>();
        config.forEach((k, v) -> configValues.put(k, Json.mapper().valueToTree(v)));
        return new ExecutionRequest(
                namespace, "exec-1", 1, "test.action", action, params, List.of(), 0, configValues, secretConfig);
    }

    /** A pure-python wheel of one module, as pip installs it from a file without an index. */
    private static Path wheel(Path dir, String module, String version, String source) throws IOException {
        String distInfo = module + "-" + version + ".dist-info/";
        Path wheel = dir.resolve(module + "-" + version + "-py3-none-any.whl");
        try (OutputStream file = Files.newOutputStream(wheel);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            entry(zip, module + ".py", source);
            entry(
                    zip,
                    distInfo + "METADATA",
                    "Metadata-Version: 2.1\nName: " + module + "\nVersion: " + version + "\n");
            entry(
                    zip,
                    distInfo + "WHEEL",
                    "Wheel-Version: 1.0\nGenerator: squall-test\nRoot-Is-Purelib: true\n" + "Tag: py3-none-any\n");
            entry(
                    zip,
                    distInfo + "RECORD",
                    module + ".py,,\n" + distInfo + "METADATA,,\n" + distInfo + "WHEEL,,\n" + distInfo + "RECORD,,\n");
        }
        return wheel;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
