package io.squall.runner;

import static io.squall.runner.TestRequests.request;
import static io.squall.runner.TestRequests.shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.api.MessageInfo;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar (target/squall-runner.jar + target/lib) run as a separate process, as in the pod. */
class RunnerJarEndToEndTest {
    private static NatsServer server;
    private static Connection observer;

    @TempDir
    Path dir;

    /** What the runner process did. */
    record Exit(int code, String stdout, String stderr) {}

    @BeforeAll
    static void startNats(@TempDir Path store) throws Exception {
        server = NatsServer.start(store);
        observer = TestNats.connect(server);
        TestNats.createResultStream(observer);
    }

    @AfterAll
    static void stopNats() throws Exception {
        observer.close();
        server.close();
    }

    @Test
    void withoutNatsTheResultJsonIsPrintedToStdoutAndTheActionsOutputGoesToStderr() throws Exception {
        Path requestFile = write(request(shell("echo '{\"ready\": true}'; echo working >&2")));
        Exit exit = runJar(Map.of(), requestFile.toString());

        assertThat(exit.code()).as(exit.stderr()).isZero();
        ExecutionResult result = Json.fromBytes(exit.stdout().getBytes(StandardCharsets.UTF_8), ExecutionResult.class);
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").get("ready").asBoolean()).isTrue();
        assertThat(exit.stderr()).contains("{\"ready\": true}\n").contains("working\n");
    }

    @Test
    void withNatsTheResultIsPublishedToJetStreamAndTheOutputIsLogged() throws Exception {
        ExecutionRequest request = TestRequests.request(
                "team-a", "nightly-42", shell("echo \"$SQUALL_EXECUTION ran\"; exit 5"), Map.of(), List.of(), 0);
        List<OutputEvent> live = new java.util.concurrent.CopyOnWriteArrayList<>();
        Dispatcher dispatcher = observer.createDispatcher(m -> live.add(OutputEvent.from(m)));
        dispatcher.subscribe(Subjects.output("team-a", "nightly-42"));
        observer.flush(Duration.ofSeconds(5));
        Exit exit = runJar(Map.of(
                "SQUALL_NATS_URL",
                server.url(),
                "SQUALL_REQUEST_FILE",
                write(request).toString()));

        assertThat(exit.code()).as(exit.stderr()).isZero(); // published, although the action failed
        assertThat(exit.stdout()).isEqualTo("nightly-42 ran\n");
        // the live output went out before the result, on the same connection: it is here by now
        observer.flush(Duration.ofSeconds(5));
        assertThat(live).hasSize(2);
        assertThat(live.get(0))
                .isInstanceOfSatisfying(
                        OutputEvent.Chunk.class,
                        c -> assertThat(new String(c.data(), StandardCharsets.UTF_8))
                                .isEqualTo("nightly-42 ran\n"));
        assertThat(live.get(1)).isEqualTo(new OutputEvent.End(1, 2, 15, 0, 0));
        observer.closeDispatcher(dispatcher);
        MessageInfo stored = observer.jetStreamManagement()
                .getLastMessage(Subjects.RESULT_STREAM, "squall.result.team-a.nightly-42");
        assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("result/team-a/nightly-42/1");
        ExecutionResult result = Json.fromBytes(stored.getData(), ExecutionResult.class);
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.result().get("return_code").asInt()).isEqualTo(5);
    }

    @Test
    void sigtermKillsTheActionGroupAndPublishesCanceled() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ExecutionRequest request = TestRequests.request(
                "team-a", "long-1", shell("sleep 300 & echo $! > " + pidFile + "; wait"), Map.of(), List.of(), 0);
        Process runner =
                start(Map.of("SQUALL_NATS_URL", server.url()), write(request).toString());
        // echo writes the pid and its newline at once: without the newline the file is not written yet
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile) || !Files.readString(pidFile).endsWith("\n")) {
            assertThat(runner.isAlive())
                    .as("runner ended before its action started")
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("the action did not start within 60 s")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        long child = Long.parseLong(Files.readString(pidFile).strip());

        runner.destroy(); // SIGTERM, as the kubelet sends it
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(runner.exitValue())
                .as(Files.readString(dir.resolve("stderr")))
                .isZero();
        ExecutionResult result = Json.fromBytes(
                observer.jetStreamManagement()
                        .getLastMessage(Subjects.RESULT_STREAM, "squall.result.team-a.long-1")
                        .getData(),
                ExecutionResult.class);
        assertThat(result.outcome()).isEqualTo(Outcome.canceled);
        // the runner's SIGKILL to the group is delivered asynchronously: the child may take a moment to be gone
        assertThat(Processes.exitsWithin(child, Duration.ofSeconds(30)))
                .as("child %d still running", child)
                .isTrue();
    }

    @Test
    void anUnpublishableResultExitsNonZero() throws Exception {
        Exit exit = runJar(
                Map.of("SQUALL_NATS_URL", "nats://127.0.0.1:1", "SQUALL_PUBLISH_TIMEOUT_SECONDS", "1"),
                write(request(shell("true"))).toString());
        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.stderr()).contains("result of result/default/exec-1/1 not published after");
    }

    @Test
    void anUnreadableRequestExitsWithCodeTwoAndSaysWhy() throws Exception {
        Exit exit =
                runJar(Map.of("SQUALL_REQUEST_FILE", dir.resolve("missing.json").toString()));
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr()).contains("missing.json does not exist");
    }

    private Path write(ExecutionRequest request) throws Exception {
        Path file = Files.createTempFile(dir, "request", ".json");
        Files.write(file, Json.toBytes(request));
        return file;
    }

    private Exit runJar(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Exit(
                process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    /** Starts the jar with its stdout and stderr going to files in the test's directory. */
    private Process start(Map<String, String> env, String... args) throws Exception {
        File jar = new File(System.getProperty("runner.jar", "target/squall-runner.jar"));
        assertThat(jar).as("the runnable jar (built in process-classes)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.getAbsolutePath()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SQUALL_"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
