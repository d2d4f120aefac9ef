package io.squall.cli.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.cli.SquallCli;
import io.squall.cli.offline.RuleTestCommandTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code squall pack import} on the StackStorm pack layouts in src/test/resources/st2-packs, through the main class:
 * what each becomes, what the report says was left out and why, the exit status, and the imported workflows
 * rehearsed with Orquesta's rehearsal.
 */
class PackImportTest {
    static final Path PACKS = RuleTestCommandTest.repositoryRoot().resolve("cli/src/test/resources/st2-packs");
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    record Run(int status, String stdout, String stderr) {}

    static Run squall(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SquallCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> docs =
                    new ArrayList<>(YAML.readValues(parser, JsonNode.class).readAll());
            docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
            return docs;
        }
    }

    static JsonNode named(Path file, String name) throws IOException {
        return documents(file).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + file));
    }

    private Run importPack(String pack, Path out) {
        return squall("pack", "import", PACKS.resolve(pack).toString(), "-o", out.toString(), "-n", "shop");
    }

    @Test
    void aPackWithARemoteActionAndASensorIsImportedAndTheReportSaysWhatWasLeftOut() throws IOException {
        Path out = tmp.resolve("monitoring");
        Run run = importPack("monitoring", out);

        assertThat(run.stderr()).isEmpty();
        assertThat(run.status()).as(run.stdout()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("left out (3):")
                .contains("actions/ssh_uptime.yaml: action monitoring.ssh_uptime: remote runner (SSH): Squall runs "
                        + "actions in runner pods, not over SSH")
                .contains("sensors/alert_sensor.py: sensors: StackStorm sensors are Python processes")
                .contains("sensors/alert_sensor.yaml: sensors:")
                .contains("actions/check_disk.yaml: action monitoring.check_disk parameter threshold: schema keywords "
                        + "minimum, maximum not kept")
                .contains("secret keys api_token have no default: fill them into Secret monitoring-config")
                .contains("incomplete: 3 left out, 0 not runnable as written");
        assertThat(Files.readString(out.resolve("import-report.txt"))).isEqualTo(run.stdout());

        JsonNode kustomization = YAML.readTree(out.resolve("kustomization.yaml").toFile());
        assertThat(kustomization.path("namespace").asText()).isEqualTo("shop");
        assertThat(kustomization.path("resources"))
                .extracting(JsonNode::asText)
                .containsExactly("config.yaml", "scripts.yaml", "actions.yaml", "workflows.yaml", "rules.yaml");

        Path actions = out.resolve("actions.yaml");
        assertThat(documents(actions))
                .extracting(d -> d.path("metadata").path("name").asText())
                .containsExactly(
                        "monitoring-check-disk",
                        "monitoring-fetch-status",
                        "monitoring-greet",
                        "monitoring-mark",
                        "monitoring-run-command",
                        "monitoring-summarize");
        JsonNode greet = named(actions, "monitoring-greet").path("spec");
        assertThat(greet.path("runner").asText()).isEqualTo("shell");
        assertThat(greet.path("command").asText()).isEqualTo("echo \"Hello {{ name }}\""); // the immutable cmd
        assertThat(greet.path("timeout").asInt()).isEqualTo(20);
        assertThat(greet.path("parameters").fieldNames()).toIterable().containsExactly("name");
        JsonNode runCommand = named(actions, "monitoring-run-command").path("spec");
        assertThat(runCommand.path("command").asText()).isEqualTo("{{ cmd }}");
        assertThat(runCommand.path("parameters").path("cmd").path("required").asBoolean())
                .isTrue();
        assertThat(runCommand.path("cwd").asText()).isEqualTo("/tmp");
        assertThat(runCommand.path("env").path("LANG").asText()).isEqualTo("C.UTF-8");

        JsonNode checkDisk = named(actions, "monitoring-check-disk").path("spec");
        assertThat(checkDisk.path("runner").asText()).isEqualTo("script");
        assertThat(checkDisk.path("scriptRef").path("configMap").asText()).isEqualTo("monitoring-actions");
        assertThat(checkDisk.path("parameters").path("mount").path("position").asInt())
                .isZero();
        assertThat(checkDisk.path("concurrency").toString())
                .isEqualTo("{\"limit\":1,\"policy\":\"delay\",\"attributes\":[\"mount\"]}");
        JsonNode fetch = named(actions, "monitoring-fetch-status").path("spec");
        assertThat(fetch.path("http").toString())
                .isEqualTo("{\"url\":\"{{ url }}\",\"method\":\"GET\",\"headers\":{\"Accept\":\"application/json\"}}");
        assertThat(fetch.path("retry").toString()).isEqualTo("{\"count\":2,\"delay\":5,\"retryOn\":[\"timedout\"]}");
        JsonNode summarize = named(actions, "monitoring-summarize").path("spec");
        assertThat(summarize.path("entryPoint").asText()).isEqualTo("Summarize.run");
        JsonNode scripts =
                named(out.resolve("scripts.yaml"), "monitoring-actions").path("data");
        assertThat(scripts.path("check_disk.sh").asText())
                .isEqualTo(Files.readString(PACKS.resolve("monitoring/actions/check_disk.sh")));
        assertThat(scripts.path("summarize.py").asText()).contains("class Summarize(object):");

        JsonNode triage =
                named(out.resolve("workflows.yaml"), "monitoring-triage").path("spec");
        assertThat(triage.path("tasks").path("check").path("action").asText())
                .isEqualTo("monitoring-check-disk mount=<% ctx().mount %>");
        assertThat(triage.path("tasks").path("page").path("action").asText()).isEqualTo("core-local");
        assertThat(triage.path("parameters").path("mount").path("required").asBoolean())
                .isTrue();

        JsonNode onAlert =
                named(out.resolve("rules.yaml"), "monitoring-on-alert").path("spec");
        assertThat(onAlert.path("trigger").toString())
                .isEqualTo("{\"type\":\"core.webhook\",\"parameters\":{\"path\":\"monitoring/alerts\"}}");
        assertThat(onAlert.path("action").toString())
                .isEqualTo("{\"ref\":\"monitoring-triage\",\"kind\":\"Workflow\","
                        + "\"parameters\":{\"mount\":\"{{ trigger.body.mount }}\"}}");
        assertThat(onAlert.path("criteria")
                        .path("trigger.body.severity")
                        .path("type")
                        .asText())
                .isEqualTo("iequals");
        JsonNode hourly =
                named(out.resolve("rules.yaml"), "monitoring-hourly-check").path("spec");
        assertThat(hourly.path("trigger").path("type").asText()).isEqualTo("core.timer.interval");

        JsonNode config = named(out.resolve("config.yaml"), "monitoring-config");
        assertThat(documents(out.resolve("config.yaml")))
                .extracting(d -> d.path("kind").asText())
                .containsExactly("ConfigMap", "Secret");
        assertThat(config.path("data").toString())
                .isEqualTo("{\"api_url\":\"https://status.example.com/api\",\"retries\":\"3\"}");
    }

    @Test
    void anActionChainBecomesOrquestaAndAPythonActionOnStackStormsApiGetsItsPackConfigAndRequirements()
            throws IOException {
        Path out = tmp.resolve("deploy");
        Run run = importPack("deploy", out);

        assertThat(run.status()).as(run.stdout() + run.stderr()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("actions/remote_restart.yaml: action deploy.remote_restart: WinRM runner")
                .contains("policies/ship_concurrency.yaml: policy ship.concurrency: resource_ref deploy.ship is a "
                        + "workflow: Squall Workflows have no retry or concurrency policy")
                .contains("aliases/ship.yaml: aliases: action aliases (ChatOps) are not part of Squall")
                .contains("not runnable (0)")
                .contains("actions/announce.yaml: action deploy.announce: runs on Squall's StackStorm Action class "
                        + "(run(**parameters), self.logger, self.config from spec.packConfig, self.action_service on "
                        + "the namespace's datastore)")
                .contains("actions/announce.yaml: action deploy.announce: the pack's requirements.txt is "
                        + "spec.requirements, pip-installed for each run")
                .contains("config.schema.yaml: pack config: python actions read it as self.config")
                .contains("actions/checksum.yaml: action deploy.checksum: runs on Squall's StackStorm Action class")
                .contains("default {{ config_context.channel }} is the config schema's default \"#deploys\"")
                .contains("rules/on_failure.yaml: rule deploy.on_failure: no 'enabled': disabled")
                .contains("trigger type deploy.push comes from a StackStorm sensor");

        JsonNode ship = named(out.resolve("workflows.yaml"), "deploy-ship").path("spec");
        assertThat(ship.path("tasks").fieldNames())
                .toIterable()
                .containsExactly("build", "rollout", "announce_done", "announce_failed");
        assertThat(ship.path("tasks").path("build").path("action").asText()).isEqualTo("deploy-build");
        assertThat(ship.path("tasks").path("announce_failed").path("action").asText())
                .isEqualTo("core-echo");
        assertThat(ship.path("tasks")
                        .path("announce_done")
                        .path("input")
                        .path("message")
                        .asText())
                .isEqualTo("{{ ctx().service }} is live: {{ ctx().rollout.stdout }}");
        JsonNode buildSucceeded = ship.path("tasks").path("build").path("next").get(0);
        assertThat(buildSucceeded.toString())
                .isEqualTo("{\"when\":\"{{ succeeded() }}\",\"publish\":[{\"build\":"
                        + "\"{{ result() }}\"},{\"image\":\"{{ ctx().registry }}/{{ ctx().service }}:{{ ctx().revision }}\"}],"
                        + "\"do\":\"rollout\"}");
        assertThat(ship.path("tasks").path("build").path("next")).hasSize(1); // a failure ends the chain failed
        assertThat(ship.path("tasks").path("announce_done").has("next")).isFalse();
        assertThat(ship.path("tasks")
                        .path("rollout")
                        .path("next")
                        .get(1)
                        .path("do")
                        .asText())
                .isEqualTo("announce_failed");

        assertThat(named(out.resolve("actions.yaml"), "deploy-checksum")
                        .path("spec")
                        .path("entryPoint")
                        .asText())
                .isEqualTo("ChecksumAction.run");
        JsonNode announce =
                named(out.resolve("actions.yaml"), "deploy-announce").path("spec");
        assertThat(announce.path("entryPoint").asText()).isEqualTo("AnnounceAction.run");
        // the python action references its pack config and pack (StackStorm's local datastore keys) and requirements
        assertThat(announce.path("pack").asText()).isEqualTo("deploy");
        assertThat(announce.path("packConfig").toString())
                .isEqualTo("{\"configMap\":\"deploy-config\",\"secret\":\"deploy-config\"}");
        assertThat(announce.path("requirements").toString()).isEqualTo("[\"requests>=2.31\"]");
        assertThat(announce.path("parameters").path("channel").path("default").asText())
                .isEqualTo("#deploys");
        assertThat(named(out.resolve("actions.yaml"), "deploy-build")
                        .path("spec")
                        .path("retry")
                        .toString())
                .isEqualTo("{\"count\":1,\"retryOn\":[\"failed\"]}");
        JsonNode onPush = named(out.resolve("rules.yaml"), "deploy-on-push").path("spec");
        assertThat(onPush.path("action").path("kind").asText()).isEqualTo("Workflow");
        assertThat(onPush.path("trigger").path("type").asText()).isEqualTo("deploy.push");
        JsonNode onFailure =
                named(out.resolve("rules.yaml"), "deploy-on-failure").path("spec");
        assertThat(onFailure.path("enabled").asBoolean()).isFalse();
        assertThat(onFailure.path("trigger").path("type").asText()).isEqualTo("core.action.completed");
        JsonNode secret = named(out.resolve("config.yaml"), "deploy-config");
        assertThat(documents(out.resolve("config.yaml")))
                .filteredOn(d -> d.path("kind").asText().equals("Secret"))
                .singleElement()
                .satisfies(s -> assertThat(
                                s.path("stringData").path("slack_webhook").asText())
                        .isEqualTo("https://hooks.example.com/services/T000/B000/XXXX"));
        assertThat(secret.path("data").path("channel").asText()).isEqualTo("#deploys");
    }

    @Test
    void aPackSquallTakesWholeExitsZero() throws IOException {
        Path out = tmp.resolve("webops");
        Run run = importPack("webops", out);

        assertThat(run.status()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("left out (0)")
                .contains("not runnable (0)")
                .contains("complete: everything was converted");
        JsonNode purge = named(out.resolve("actions.yaml"), "webops-purge").path("spec");
        assertThat(purge.path("http").toString())
                .isEqualTo(
                        "{\"url\":\"{{ url }}\",\"method\":\"POST\","
                                + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{{ body }}\",\"verifyTls\":false}");
        assertThat(purge.path("parameters").fieldNames()).toIterable().containsExactly("url", "body");
        JsonNode nightly = named(out.resolve("rules.yaml"), "webops-nightly").path("spec");
        assertThat(nightly.path("trigger").toString())
                .isEqualTo("{\"type\":\"core.timer.cron\",\"parameters\":{\"hour\":3,\"minute\":0}}");
    }

    @Test
    void theImportedWorkflowsRehearseAsTheirStackStormOriginalsWouldRun() throws IOException {
        Path monitoring = tmp.resolve("monitoring");
        Path deploy = tmp.resolve("deploy");
        Path webops = tmp.resolve("webops");
        importPack("monitoring", monitoring);
        importPack("deploy", deploy);
        importPack("webops", webops);

        rehearse(monitoring, "triage-disk-ok.yaml", """
                workflow: workflows.yaml#monitoring-triage
                inputs: {mount: /var, oncall: ops}
                mock_action_executions:
                  - {task_id: check, result: {stdout: {mount: /var, used: 42}}}
                expected_task_sequence: [check, greet, done]
                expected_workflow_status: succeeded
                expected_output: {used: 42}
                """);
        rehearse(monitoring, "triage-disk-full.yaml", """
                workflow: workflows.yaml#monitoring-triage
                inputs: {mount: /var, oncall: ops}
                mock_action_executions:
                  - {task_id: check, status: failed, result: {stdout: {mount: /var, used: 97}}}
                expected_task_sequence: [check, page, done]
                expected_workflow_status: succeeded
                expected_output: {used: null}
                """);
        // the chain: build publishes the image, rollout fails, on-failure announces it; the chain runner ends
        // with the status of the last link it ran, as Orquesta does when a failure transition handles it
        rehearse(deploy, "ship-rollout-fails.yaml", """
                workflow: workflows.yaml#deploy-ship
                inputs: {service: acme/shop, revision: abc123}
                mock_action_executions:
                  - {task_id: build, result: {stdout: built}}
                  - {task_id: rollout, status: failed, result: {stderr: no such image}}
                  - {task_id: announce_failed, result: {stdout: told}}
                expected_task_sequence: [build, rollout, announce_failed]
                expected_workflow_status: succeeded
                expected_output: {image: registry.example.com/acme/shop:abc123}
                """);
        rehearse(deploy, "ship-ok.yaml", """
                workflow: workflows.yaml#deploy-ship
                inputs: {service: acme/shop, revision: abc123}
                mock_action_executions:
                  - {task_id: build, result: {stdout: built}}
                  - {task_id: rollout, result: {stdout: rolled out}}
                  - {task_id: announce_done, result: {result: {status: 200}}}
                expected_task_sequence: [build, rollout, announce_done]
                expected_workflow_status: succeeded
                expected_output: {image: registry.example.com/acme/shop:abc123}
                """);
        // a link that fails with no on-failure ends the chain failed
        rehearse(deploy, "ship-build-fails.yaml", """
                workflow: workflows.yaml#deploy-ship
                inputs: {service: acme/shop, revision: abc123}
                mock_action_executions:
                  - {task_id: build, status: failed, result: {stderr: compile error}}
                expected_task_sequence: [build]
                expected_workflow_status: failed
                """);
        // the pack's own Orquesta file: warm's transition has no `do`, which Orquesta takes as `continue`
        rehearse(webops, "refresh.yaml", """
                workflow: workflows.yaml#webops-refresh
                inputs: {pages: [a.html, b.html, c.html]}
                mock_action_executions:
                  - {task_id: purge, item_id: 0, result: {status_code: 200}}
                  - {task_id: purge, item_id: 1, result: {status_code: 200}}
                  - {task_id: purge, item_id: 2, result: {status_code: 200}}
                  - {task_id: warm, item_id: 0, result: {stdout: warmed a.html}}
                  - {task_id: warm, item_id: 1, result: {stdout: warmed b.html}}
                  - {task_id: warm, item_id: 2, result: {stdout: warmed c.html}}
                expected_task_sequence: [purge, warm, continue]
                expected_workflow_status: succeeded
                expected_output: {warmed: 3}
                """);
    }

    private static void rehearse(Path out, String name, String spec) throws IOException {
        Path file = Files.writeString(out.resolve(name), spec);
        Run run = squall("workflow", "rehearse", file.toString());
        assertThat(run.status()).as(name + "\n" + run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("PASS");
    }

    @Test
    void aDirectoryThatIsNotAPackIsABadInput() throws IOException {
        Run missing = squall(
                "pack",
                "import",
                tmp.resolve("nothing").toString(),
                "-o",
                tmp.resolve("o").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("squall: ").contains("nothing: no such directory");

        Files.createDirectories(tmp.resolve("empty"));
        Run noPackYaml = squall("pack", "import", tmp.resolve("empty").toString());
        assertThat(noPackYaml.status()).isEqualTo(2);
        assertThat(noPackYaml.stderr()).contains("empty: no pack.yaml, so not a StackStorm pack");

        Path broken = Files.createDirectories(tmp.resolve("broken/actions"));
        Files.writeString(tmp.resolve("broken/pack.yaml"), "name: broken\n");
        Files.writeString(broken.resolve("a.yaml"), "name: a\nrunner_type: [unclosed\n");
        Run badYaml = squall(
                "pack",
                "import",
                tmp.resolve("broken").toString(),
                "-o",
                tmp.resolve("b").toString());
        assertThat(badYaml.status()).isEqualTo(2);
        assertThat(badYaml.stderr()).contains("actions/a.yaml: not valid YAML");

        Run noDir = squall("pack", "import");
        assertThat(noDir.status()).isEqualTo(2);
        assertThat(noDir.stderr()).contains("squall: missing DIR").contains("usage: squall pack import");
    }

    @Test
    void names() {
        assertThat(PackNames.resource("monitoring.check_disk")).isEqualTo("monitoring-check-disk");
        assertThat(PackNames.resource("Web_Ops..Purge__All_")).isEqualTo("web-ops-purge-all");
        assertThat(PackNames.configMapKey("workflows/x y.sh")).isEqualTo("workflows_x_y.sh");
        assertThat(ActionConverter.entryPoint(
                        "import os\n\ndef helper():\n    pass\n\nclass A(Action):\n    def run(self, x):\n"
                                + "        return x\n"))
                .isEqualTo("A.run");
        assertThat(ActionChainConverter.rewrite(
                        "{{ a }}-{{ b.c | default('a') }} {% if a %}x{% endif %} a {{ st2kv.system.k }}",
                        java.util.Set.of("a", "b")))
                .isEqualTo("{{ ctx().a }}-{{ ctx().b.c | default('a') }} {% if ctx().a %}x"
                        + "{% endif %} a {{ st2kv('system.k') }}");
    }
}
