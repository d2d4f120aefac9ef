package io.squall.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squall.cli.SquallCli;
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

/** {@code squall rule test} on the example files in packs/examples/rule-test, through the main class. */
public class RuleTestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = repositoryRoot().resolve("packs/examples/rule-test");

    @TempDir
    Path tmp;

    public static Path repositoryRoot() {
        String root = System.getProperty("squall.root");
        if (root == null) {
            throw new IllegalStateException("system property squall.root is not set (run the tests with Maven)");
        }
        return Path.of(root);
    }

    record Run(int status, String stdout, String stderr) {
        List<JsonNode> lines() {
            return parseLines(stdout);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SquallCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = out.toString(StandardCharsets.UTF_8);
        return new Run(status, stdout, err.toString(StandardCharsets.UTF_8));
    }

    public static List<JsonNode> parseLines(String stdout) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    public static String example(String file) {
        return EXAMPLES.resolve(file).toString();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The documented output for the examples (packs/examples/rule-test/README.md shows the same lines). */
    public static final String CRITICAL_WITH_ACTION = """
            {"trigger": "%s", "matched": true, "parameters": {"message": "cpu-saturation on web-7 at 97.5%%",
             "severity": "critical", "value": 97.5, "channel": "#ops-critical", "token": "********", "attempts": 3}}""";

    public static final String STAGING = """
            {"trigger": "%s", "matched": false, "failedCriterion": "trigger.body.tags",
             "reason": "search any: none of the 1 items satisfies all nested criteria"}""";
    public static final String BAD_VALUE = """
            {"trigger": "%s", "matched": false, "failedCriterion": "trigger.body.value",
             "reason": "greaterthan: '>' not supported between str \\"97%%\\" and int 90", "criterionError": true}""";

    @Test
    void testsEachTriggerAndPrintsOneJsonObjectPerTrigger() {
        Run run = run(
                "rule",
                "test",
                "--rule",
                example("rule.yaml"),
                "--action",
                example("action.yaml"),
                "--trigger",
                example("trigger-critical.json"),
                "--trigger",
                example("trigger-staging.yaml"),
                "--trigger",
                example("trigger-bad-value.json"),
                "--kv",
                "pager_token=s3cr3t");
        assertThat(run.stderr()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.lines())
                .containsExactly(
                        json(CRITICAL_WITH_ACTION.formatted(example("trigger-critical.json"))),
                        json(STAGING.formatted(example("trigger-staging.yaml"))),
                        json(BAD_VALUE.formatted(example("trigger-bad-value.json"))));
    }

    @Test
    void withoutAnActionTheRuleParametersAreRenderedAsTheyAre() {
        Run run =
                run("rule", "test", "--rule=" + example("rule.yaml"), "--trigger=" + example("trigger-critical.json"));
        assertThat(run.status()).isZero();
        assertThat(run.lines()).containsExactly(json("""
                {"trigger": "%s", "matched": true, "parameters": {"message": "cpu-saturation on web-7 at 97.5%%",
                 "severity": "critical", "value": 97.5}}""".formatted(example("trigger-critical.json"))));
    }

    @Test
    void datastoreValuesComeFromKvOptionsAndSecretsStayMasked() throws IOException {
        Path rule = write("rule.yaml", """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: notify-oncall-rule}
                spec:
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.host: {type: startswith, pattern: "{{ kv.system.prefix }}"}
                  action:
                    ref: notify-oncall
                    parameters: {message: "{{ kv.system.greeting }} {{ trigger.body.host }}", severity: low}
                """);
        Run run = run(
                "rule",
                "test",
                "--rule",
                rule.toString(),
                "--action",
                example("action.yaml"),
                "--trigger",
                example("trigger-critical.json"),
                "--kv",
                "prefix=web-",
                "--kv",
                "greeting=hi",
                "--kv",
                "pager_token=s3cr3t");
        assertThat(run.status()).isZero();
        JsonNode parameters = run.lines().get(0).get("parameters");
        assertThat(parameters.get("message").asText()).isEqualTo("hi web-7");
        assertThat(parameters.get("token").asText()).isEqualTo("********");
        assertThat(run.stdout()).doesNotContain("s3cr3t");
    }

    @Test
    void aParameterErrorIsReportedPerTrigger() throws IOException {
        Path rule = write("rule.yaml", """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: typo}
                spec:
                  trigger: {type: core.webhook}
                  action:
                    ref: notify-oncall
                    parameters: {message: "{{ trigger.body.nme }}"}
                """);
        Run run = run("rule", "test", "--rule", rule.toString(), "--trigger", example("trigger-critical.json"));
        assertThat(run.status()).as("all triggers were processed").isZero();
        assertThat(run.lines()).containsExactly(json("""
                {"trigger": "%s", "matched": true, "error": "parameter 'message': template '{{ trigger.body.nme }}' \
                references undefined variable 'trigger.body.nme'"}""".formatted(example("trigger-critical.json"))));
    }

    @Test
    void aTriggerOfAnotherTypeDoesNotMatch() throws IOException {
        Path trigger =
                write("timer.json", "{\"type\": \"core.timer.interval\", \"payload\": {\"executed_at\": \"x\"}}");
        Run run = run("rule", "test", "--rule", example("rule.yaml"), "--trigger", trigger.toString());
        assertThat(run.status()).isZero();
        assertThat(run.lines().get(0)).isEqualTo(json("""
                {"trigger": "%s", "matched": false,
                 "reason": "trigger type 'core.timer.interval' is not the rule's trigger type 'core.webhook'"}""".formatted(trigger)));
    }

    @Test
    void stackStormTriggerInstanceFilesAreAccepted() throws IOException {
        Path trigger = write("st2.yaml", "trigger: core.webhook\npayload: {body: {}}\n");
        Run run = run("rule", "test", "--rule", example("rule.yaml"), "--trigger", trigger.toString());
        assertThat(run.lines().get(0).get("failedCriterion").asText()).isEqualTo("trigger.body.severity");
    }

    @Test
    void multiDocumentPackFilesPickTheRuleByName() {
        Path pack = repositoryRoot().resolve("packs/examples/autoscale-rules.yaml");
        Run ambiguous = run("rule", "test", "--rule", pack.toString(), "--trigger", example("trigger-critical.json"));
        assertThat(ambiguous.status()).isEqualTo(2);
        assertThat(ambiguous.stderr()).contains("holds 7 Rules").contains("pick one with --rule-name");
        Run picked = run(
                "rule",
                "test",
                "--rule",
                pack.toString(),
                "--rule-name",
                "unmatched-alerts",
                "--trigger",
                example("trigger-critical.json"));
        assertThat(picked.status()).isZero();
        assertThat(picked.lines()).hasSize(1);
    }

    @Test
    void usageErrorsExitWithStatus2AndAClearMessage() throws IOException {
        Run none = run();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.stdout()).isEmpty();
        assertThat(none.stderr())
                .startsWith("squall: missing command")
                .contains("usage: squall")
                .contains("rule")
                .contains("workflow");
        assertUsage(run("rule", "test", "--trigger", example("trigger-critical.json")), "--rule is required");
        assertUsage(run("rule", "test", "--rule", example("rule.yaml")), "at least one --trigger is required");
        assertUsage(run("rule", "test", "--rule"), "--rule needs a value");
        assertUsage(run("rule", "test", "--colour", "red"), "unknown option: --colour");
        assertUsage(run("rule", "test", "--rule", "x", "--trigger", "y", "--kv", "novalue"), "--kv needs KEY=VALUE");

        assertInput(
                run("rule", "test", "--rule", tmp.resolve("missing.yaml").toString(), "--trigger", "t"),
                "missing.yaml: no such file");
        assertInput(
                run("rule", "test", "--rule", example("action.yaml"), "--trigger", example("trigger-critical.json")),
                "action.yaml: expected a Rule manifest (apiVersion: squall.io/v1alpha1, kind: Rule), found "
                        + "apiVersion 'squall.io/v1alpha1', kind 'Action'");
        Path broken = write("broken.yaml", "spec: [unclosed");
        assertInput(
                run("rule", "test", "--rule", broken.toString(), "--trigger", example("trigger-critical.json")),
                "broken.yaml: not valid YAML or JSON");
        Path typo = write("typo.yaml", """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: typo}
                spec:
                  trigger: {type: core.webhook}
                  criterias: {}
                  action: {ref: a}
                """);
        assertInput(
                run("rule", "test", "--rule", typo.toString(), "--trigger", example("trigger-critical.json")),
                "typo.yaml: invalid Rule spec: Unrecognized field \"criterias\"");
        Path badOperator = write("op.yaml", """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: op}
                spec:
                  trigger: {type: core.webhook}
                  criteria: {trigger.x: {type: similar, pattern: 1}}
                  action: {ref: a}
                """);
        assertInput(
                run("rule", "test", "--rule", badOperator.toString(), "--trigger", example("trigger-critical.json")),
                "(at spec.criteria.trigger.x.type)");
        Path otherAction = write("other.yaml", """
                apiVersion: squall.io/v1alpha1
                kind: Action
                metadata: {name: something-else}
                spec: {runner: noop}
                """);
        assertInput(
                run(
                        "rule",
                        "test",
                        "--rule",
                        example("rule.yaml"),
                        "--action",
                        otherAction.toString(),
                        "--trigger",
                        example("trigger-critical.json")),
                "no Action named 'notify-oncall' (found: something-else)");
        Path empty = write("empty.json", "");
        assertInput(
                run("rule", "test", "--rule", example("rule.yaml"), "--trigger", empty.toString()),
                "empty.json: the file is empty");
    }

    @Test
    void helpPrintsUsage() {
        Run run = run("rule", "test", "--help");
        assertThat(run.status()).isZero();
        assertThat(run.stdout())
                .startsWith("usage: squall rule test ")
                .contains("--rule=FILE")
                .contains("--trigger=FILE")
                .contains("Exit status: 0 when every trigger was tested");
        Run root = run("--help");
        assertThat(root.status()).isZero();
        assertThat(root.stdout())
                .startsWith("usage: squall ")
                .contains("rule")
                .contains("workflow")
                .contains("completion")
                .contains("Exit status:");
    }

    private static void assertUsage(Run run, String message) {
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains(message).contains("usage: squall rule test");
    }

    private static void assertInput(Run run, String message) {
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("squall: ").contains(message).doesNotContain("usage:");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }
}
