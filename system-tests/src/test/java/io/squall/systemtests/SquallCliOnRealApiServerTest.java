package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.TaskState;
import io.squall.local.NatsServer;
import io.squall.systemtests.InProcessSquall.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/squall run} and {@code squall execution ...} against a real kube-apiserver with Squall's CRDs, through
 * the kubeconfig as a user has it. No operator runs: the test writes each Execution's status as the operator would,
 * to prove that run follows it (phase, workflow tasks) and exits with its outcome, and reads back the spec fields
 * cancel, pause, resume and rerun write.
 */
class SquallCliOnRealApiServerTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static final String NS = "cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATED = Pattern.compile("execution (\\S+) created");

    @BeforeAll
    static void crdsAndActions() throws IOException {
        apiServer.kubectl("apply", "-f", SquallRepository.crds().toString()).requireSuccess();
        List<CustomResourceDefinition> applied = new ArrayList<>();
        for (Path file : ManifestFiles.kubectlFiles(SquallRepository.crds())) {
            applied.add(
                    new KubernetesSerialization().unmarshal(Files.readString(file), CustomResourceDefinition.class));
        }
        apiServer.awaitServed(applied);
        apiServer.kubectl("create", "namespace", NS).requireSuccess();
        Path manifests = Files.writeString(apiServer.workDir().resolve("cli-actions.yaml"), """
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: hello}
            spec:
              runner: shell
              command: echo "Hello {{ name }}"
              parameters:
                name: {type: string, default: you}
                token: {type: string, secret: true}
            ---
            apiVersion: squall.io/v1alpha1
            kind: Workflow
            metadata: {name: two-steps}
            spec:
              parameters:
                who: {type: string, required: true}
              input: [who]
              tasks:
                first:
                  action: hello name=<% ctx().who %>
                  next: [{when: "<% succeeded() %>", do: second}]
                second:
                  action: hello
            """);
        apiServer.kubectl("apply", "-n", NS, "-f", manifests.toString()).requireSuccess();
    }

    private static InProcessSquall newSquall() {
        return new InProcessSquall(apiServer.kubeconfig(), NS);
    }

    private static Run squall(String... args) throws Exception {
        return InProcessSquall.run(apiServer.kubeconfig(), NS, args);
    }

    private static KubernetesClient client() {
        return apiServer.client();
    }

    private static Execution execution(String name) {
        return client().resources(Execution.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    /** What the operator would write. */
    private static void status(String name, Consumer<ExecutionStatus> change) {
        Execution e = execution(name);
        ExecutionStatus s = e.getStatus() == null ? new ExecutionStatus() : e.getStatus();
        change.accept(s);
        e.setStatus(s);
        client().resources(Execution.class).inNamespace(NS).resource(e).updateStatus();
    }

    private static TaskState task(String name, ExecutionPhase phase, String child) {
        TaskState t = new TaskState();
        t.name = name;
        t.route = 0;
        t.phase = phase;
        t.execution = child;
        return t;
    }

    private static String createdName(String stdout) {
        Matcher m = CREATED.matcher(stdout);
        assertThat(m.find()).as("'execution NAME created' in: " + stdout).isTrue();
        return m.group(1);
    }

    @Test
    void runAsyncCreatesTheExecutionAndKeepsASecretParameterOutOfItsSpec() throws Exception {
        Run run = squall("run", "hello", "name=Squall", "token=s3cr3t", "--async");

        assertThat(run.status()).as(run.stderr()).isZero();
        String name = createdName(run.stdout());
        assertThat(name).startsWith("hello-");
        assertThat(run.stdout()).contains("follow it: squall execution get " + name + " -n " + NS);
        Execution e = execution(name);
        assertThat(e.getSpec().action.name).isEqualTo("hello");
        assertThat(e.getSpec().action.kind).isNull();
        assertThat(e.getSpec().parameters.get("name").asText()).isEqualTo("Squall");
        assertThat(e.getSpec().parameters.get("token").asText()).isEqualTo(Names.MASK);
        assertThat(e.getSpec().context.user).isNotBlank();
        Secret secret = client().secrets()
                .inNamespace(NS)
                .withName(Names.secretParametersName(name))
                .get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("\"s3cr3t\"");
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(e.getMetadata().getUid()));
    }

    @Test
    void runFollowsAWorkflowsPhaseAndTasksAndExitsZeroWhenItSucceeds() throws Exception {
        InProcessSquall squall = newSquall();
        CompletableFuture<Run> run = squall.start("run", "two-steps", "who=ops", "--poll", "100");
        String name = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> squall.stdout().contains(" created") ? createdName(squall.stdout()) : null,
                        n -> n != null);
        assertThat(execution(name).getSpec().action.kind.name()).isEqualTo("Workflow");
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains(name + ": Requested"));

        status(name, s -> {
            s.phase = ExecutionPhase.Running;
            s.tasks = new ArrayList<>(List.of(task("first", ExecutionPhase.Running, name + "-first")));
            s.progress = "0/2";
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("task first: Running"));
        status(name, s -> {
            s.tasks = new ArrayList<>(List.of(
                    task("first", ExecutionPhase.Succeeded, name + "-first"),
                    task("second", ExecutionPhase.Running, name + "-second")));
            s.progress = "1/2";
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("task second: Running"));
        assertThat(run).isNotDone();
        status(name, s -> {
            s.phase = ExecutionPhase.Succeeded;
            s.tasks = new ArrayList<>(List.of(
                    task("first", ExecutionPhase.Succeeded, name + "-first"),
                    task("second", ExecutionPhase.Succeeded, name + "-second")));
            s.progress = "2/2";
            s.result = JSON.valueToTree(Map.of("output", Map.of("greeted", "ops")));
        });

        Run done = run.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.stdout() + done.stderr()).isZero();
        assertThat(done.stdout().lines().toList())
                .containsSubsequence(
                        "execution " + name + " created (Workflow two-steps)",
                        name + ": Requested",
                        name + ": Running",
                        "  task first: Running (" + name + "-first)",
                        "  task first: Succeeded (" + name + "-first)",
                        "  task second: Running (" + name + "-second)",
                        name + ": Succeeded",
                        "result:",
                        "  output:",
                        "    greeted: ops");
        assertThat(done.stdout()).doesNotContain("\r"); // not a terminal: plain lines, no spinner
    }

    @Test
    void runShowsTheRunnersOutputAsItComesAndTheResultDoesNotRepeatIt() throws Exception {
        try (NatsServer nats = NatsServer.start();
                Connection runner = Nats.connect(nats.url())) {
            InProcessSquall squall = newSquall();
            CompletableFuture<Run> run =
                    squall.start("run", "hello", "name=Squall", "--poll", "100", "--nats", nats.url());
            String name = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> squall.stdout().contains(" created") ? createdName(squall.stdout()) : null,
                            n -> n != null);
            String subject = Subjects.output(NS, name);
            status(name, s -> {
                s.phase = ExecutionPhase.Running;
                s.attempts = 1;
            });
            // what the runner publishes while the action runs
            runner.publish(new OutputEvent.Chunk(
                            1, 1, OutputEvent.Stream.stdout, 0, "Hello Squall\n".getBytes(StandardCharsets.UTF_8))
                    .toMessage(subject));
            runner.publish(new OutputEvent.Chunk(
                            1, 2, OutputEvent.Stream.stderr, 0, "a warning\n".getBytes(StandardCharsets.UTF_8))
                    .toMessage(subject));
            await().atMost(Duration.ofSeconds(30)).until(() -> squall.stdout().contains("Hello Squall\n"));
            assertThat(run).isNotDone();
            runner.publish(new OutputEvent.End(1, 3, 13, 10, 0).toMessage(subject));
            runner.flush(Duration.ofSeconds(5));
            status(name, s -> {
                s.phase = ExecutionPhase.Succeeded;
                s.result = JSON.valueToTree(Map.of(
                        "succeeded",
                        true,
                        "failed",
                        false,
                        "return_code",
                        0,
                        "stdout",
                        "Hello Squall",
                        "stderr",
                        "a warning"));
            });

            Run done = run.get(30, TimeUnit.SECONDS);
            assertThat(done.status()).as(done.stdout() + done.stderr()).isZero();
            assertThat(done.stdout().lines().toList())
                    .containsSubsequence(
                            "execution " + name + " created (Action hello)",
                            "Hello Squall",
                            name + ": Succeeded",
                            "result:",
                            "  return_code: 0");
            assertThat(done.stdout().split("Hello Squall", -1))
                    .as(done.stdout())
                    .hasSize(2); // once, live
            assertThat(done.stdout()).doesNotContain("stdout:").doesNotContain("a warning");
            assertThat(done.stderr()).isEqualTo("a warning\n");
        }
    }

    @Test
    void runWithoutNatsSaysSoOnceAndPrintsTheOutputWithTheResult() throws Exception {
        InProcessSquall squall = newSquall();
        CompletableFuture<Run> run = squall.start("run", "hello", "--poll", "100", "--nats", "nats://127.0.0.1:1");
        String name = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> squall.stdout().contains(" created") ? createdName(squall.stdout()) : null,
                        n -> n != null);
        status(name, s -> {
            s.phase = ExecutionPhase.Succeeded;
            s.attempts = 1;
            s.result = JSON.valueToTree(Map.of("return_code", 0, "stdout", "Hello you"));
        });

        Run done = run.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isZero();
        assertThat(done.stderr())
                .startsWith("[squall] no live output (cannot connect to NATS at nats://127.0.0.1:1")
                .endsWith("the output comes with the result\n");
        assertThat(done.stdout()).contains("  stdout: Hello you");
    }

    @Test
    void runExitsOneWhenTheExecutionFailsAndPrintsTheError() throws Exception {
        InProcessSquall squall = newSquall();
        CompletableFuture<Run> run = squall.start("run", "hello", "--poll", "100");
        String name = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> squall.stdout().contains(" created") ? createdName(squall.stdout()) : null,
                        n -> n != null);
        status(name, s -> {
            s.phase = ExecutionPhase.Failed;
            s.error = "the command exited with 3";
            s.result = JSON.valueToTree(Map.of("return_code", 3, "stderr", "boom"));
        });

        Run done = run.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(1);
        assertThat(done.stdout())
                .contains(name + ": Failed")
                .contains("  return_code: 3")
                .contains("error: the command exited with 3");
        assertThat(squall("execution", "get", name, "-o", "json").stdout()).contains("\"phase\" : \"Failed\"");
    }

    @Test
    void runOfWhatDoesNotExistExitsThree() throws Exception {
        Run run = squall("run", "no-such-action");
        assertThat(run.status()).isEqualTo(3);
        assertThat(run.stderr()).contains("squall: no Action or Workflow named no-such-action in namespace " + NS);
    }

    @Test
    void cancelPauseAndResumeWriteTheirSpecFieldsAndAFinishedExecutionIsRefused() throws Exception {
        String name =
                createdName(squall("run", "two-steps", "who=ops", "--async").stdout());
        status(name, s -> s.phase = ExecutionPhase.Running);

        Run pause = squall("execution", "pause", name);
        assertThat(pause.status()).as(pause.stderr()).isZero();
        assertThat(execution(name).getSpec().pause).isTrue();
        assertThat(squall("execution", "resume", name).status()).isZero();
        assertThat(execution(name).getSpec().pause).isFalse();
        Run cancel = squall("execution", "cancel", name);
        assertThat(cancel.status()).isZero();
        assertThat(cancel.stdout()).contains("execution " + name + ": cancel requested");
        assertThat(execution(name).getSpec().cancel).isTrue();
        assertThat(execution(name).getSpec().parameters.get("who").asText()).isEqualTo("ops"); // the rest is kept

        status(name, s -> s.phase = ExecutionPhase.Canceled);
        Run again = squall("execution", "cancel", name);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.stderr()).contains(name + " already ended Canceled: nothing to cancel");
    }

    @Test
    void rerunCreatesAWorkflowRerunOfTheTasksWithTheEarlierParameters() throws Exception {
        String earlier =
                createdName(squall("run", "two-steps", "who=ops", "--async").stdout());
        Run tooEarly = squall("execution", "rerun", earlier, "--tasks", "second");
        assertThat(tooEarly.status()).isEqualTo(2);
        assertThat(tooEarly.stderr()).contains(earlier + " is still Requested: re-run an execution that has ended");
        status(earlier, s -> s.phase = ExecutionPhase.Failed);

        Run rerun = squall("execution", "rerun", earlier, "--tasks", "second", "--async");
        assertThat(rerun.status()).as(rerun.stderr()).isZero();
        Execution next = execution(createdName(rerun.stdout()));
        assertThat(next.getSpec().rerun.execution).isEqualTo(earlier);
        assertThat(next.getSpec().rerun.tasks).containsExactly("second");
        assertThat(next.getSpec().action.name).isEqualTo("two-steps");
        assertThat(next.getSpec().parameters.get("who").asText()).isEqualTo("ops");

        // an Action: the same parameters again, the secret one read from the earlier Execution's Secret
        String action = createdName(
                squall("run", "hello", "name=A", "token=t0k3n", "--async").stdout());
        status(action, s -> s.phase = ExecutionPhase.Succeeded);
        Run again = squall("execution", "rerun", action, "name=B", "--async");
        assertThat(again.status()).as(again.stderr()).isZero();
        String second = createdName(again.stdout());
        Execution repeated = execution(second);
        assertThat(repeated.getSpec().rerun).isNull();
        assertThat(repeated.getSpec().parameters.get("name").asText()).isEqualTo("B");
        assertThat(repeated.getSpec().parameters.get("token").asText()).isEqualTo(Names.MASK);
        Secret secret = client().secrets()
                .inNamespace(NS)
                .withName(Names.secretParametersName(second))
                .get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("\"t0k3n\"");
        Run tasksOnAction = squall("execution", "rerun", action, "--tasks", "x");
        assertThat(tasksOnAction.status()).isEqualTo(2);
    }

    @Test
    void listFiltersAndShowsWideColumns() throws Exception {
        String a = createdName(squall("run", "hello", "name=list", "--async").stdout());
        status(a, s -> {
            s.phase = ExecutionPhase.Succeeded;
            s.startTime = "2026-01-01T00:00:00Z";
            s.duration = "1.5s";
        });
        Run list = squall("execution", "list", "--action", "hello", "--phase", "Succeeded", "-o", "wide");
        assertThat(list.status()).as(list.stderr()).isZero();
        List<String> lines = list.stdout().lines().toList();
        assertThat(lines.get(0))
                .startsWith("NAME")
                .contains("ACTION")
                .contains("PHASE")
                .contains("CAUSED BY");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith(a)
                        .contains("hello")
                        .contains("Succeeded")
                        .contains("1.5s")
                        .contains("user "));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("two-steps"));
        JsonNode json = JSON.readTree(squall("execution", "list", "--action", "two-steps", "-o", "json")
                .stdout());
        assertThat(json.path("items"))
                .isNotEmpty()
                .allSatisfy(i -> assertThat(
                                i.path("spec").path("action").path("name").asText())
                        .isEqualTo("two-steps"));
        Run get = squall("execution", "get", a);
        assertThat(get.stdout())
                .contains("name:       " + a)
                .contains("phase:      Succeeded")
                .contains("parameters: {\"name\":\"list\"}");
    }

    @Test
    void logsPrintTheRunnersOutputOfAnActionAndOfEachWorkflowTask() throws Exception {
        String child =
                createdName(squall("run", "hello", "name=logs", "--async").stdout());
        Run before = squall("execution", "logs", child);
        assertThat(before.status()).isZero();
        assertThat(before.stderr()).contains(child + " (Requested) has no output yet");
        status(child, s -> {
            s.phase = ExecutionPhase.Succeeded;
            s.result = JSON.valueToTree(Map.of("stdout", "Hello logs\n", "stderr", "a warning\n", "return_code", 0));
        });
        Run logs = squall("execution", "logs", child);
        assertThat(logs.stdout()).isEqualTo("Hello logs\n");
        assertThat(logs.stderr()).isEqualTo("a warning\n");

        String workflow =
                createdName(squall("run", "two-steps", "who=ops", "--async").stdout());
        status(workflow, s -> {
            s.phase = ExecutionPhase.Running;
            s.tasks = new ArrayList<>(List.of(
                    task("first", ExecutionPhase.Succeeded, child), task("second", ExecutionPhase.Requested, null)));
        });
        Run tasks = squall("execution", "logs", workflow);
        assertThat(tasks.stdout())
                .isEqualTo("== task first (" + child + ", Succeeded)\nHello logs\n" + "== task second (not started)\n");
    }
}
