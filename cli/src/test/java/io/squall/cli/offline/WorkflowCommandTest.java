package io.squall.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowCommandTest {
    private static final Path EXAMPLES = Path.of("..", "packs", "examples", "workflows");

    record Run(int status, String out, String err) {}

    static Run squall(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SquallCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyExampleRehearsalHolds() throws IOException {
        everyRehearsalIn(EXAMPLES, 4);
    }

    /** The autoscale pack's workflows (packs/autoscale): the governor's decisions, the lock, the bounds, the fixes. */
    @Test
    void everyAutoscaleRehearsalHolds() throws IOException {
        everyRehearsalIn(Path.of("..", "packs", "autoscale", "rehearsals"), 10);
    }

    private static void everyRehearsalIn(Path dir, int atLeast) throws IOException {
        List<String> specs;
        try (Stream<Path> s = Files.list(dir)) {
            specs = s.filter(p -> p.toString().endsWith(".yaml") && isRehearsalSpec(p))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        assertThat(specs).hasSizeGreaterThanOrEqualTo(atLeast);
        for (String spec : specs) {
            Run r = squall("workflow", "rehearse", spec);
            assertThat(r.status()).as(spec + "\n" + r.out() + r.err()).isZero();
            assertThat(r.out()).contains("PASS");
        }
    }

    private static boolean isRehearsalSpec(Path p) {
        try {
            return Files.readString(p).contains("expected_task_sequence:");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMismatchIsShownAndExitsOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("wf.yaml"), """
                version: 1.0
                tasks:
                  a:
                    action: core.noop
                    next: [{when: "<% succeeded() %>", do: b}]
                  b:
                    action: core.noop
                """);
        Files.writeString(dir.resolve("spec.yaml"), """
                workflow: wf.yaml
                expected_task_sequence: [a, c]
                """);
        Run r = squall("workflow", "rehearse", dir.resolve("spec.yaml").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out())
                .contains("task sequence: a, b")
                .contains("MISMATCH The actual task sequence ['a', 'b'] does not match expected ['a', 'c'].")
                .contains("FAIL");
        Run json = squall(
                "workflow", "rehearse", "--json", dir.resolve("spec.yaml").toString());
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.out()).startsWith("{").contains("\"passed\":false").contains("\"taskSequence\":[\"a\",\"b\"]");
    }

    @Test
    void aMockResultCanComeFromAFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("wf.yaml"), """
                version: 1.0
                tasks:
                  a:
                    action: core.http
                    next: [{when: "<% succeeded() %>", publish: "code=<% result().status_code %>"}]
                output: [{code: "<% ctx().code %>"}]
                """);
        Files.writeString(dir.resolve("result.json"), "{\"status_code\": 204}");
        Files.writeString(dir.resolve("spec.yaml"), """
                workflow: wf.yaml
                mock_action_executions: [{task_id: a, result_path: result.json}]
                expected_task_sequence: [a, continue]
                expected_output: {code: 204}
                """);
        Run r = squall("workflow", "rehearse", dir.resolve("spec.yaml").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
    }

    @Test
    void badSpecsAreUsageErrors(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("spec.yaml"), "workflow: wf.yaml\nexpected_task_sequence: []\nexpected_sequence: []\n");
        Run r = squall("workflow", "rehearse", dir.resolve("spec.yaml").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key 'expected_sequence'");
        assertThat(squall("workflow", "rehearse", dir.resolve("missing.yaml").toString())
                        .status())
                .isEqualTo(2);
        assertThat(squall("workflow", "frobnicate", "x").status()).isEqualTo(2);
    }

    @Test
    void inspectListsErrorsWithTheirPaths(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), """
                version: 1.0
                tasks:
                  a:
                    action: core.echo message=<% ctx().missing %>
                    next: [{do: nowhere}]
                """);
        Run r = squall("workflow", "inspect", dir.resolve("bad.yaml").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out())
                .contains("semantics: tasks.a.next[0].do: The task \"nowhere\" is not defined.")
                .contains("context: tasks.a.input: Variable \"missing\" is referenced before assignment.");
        Run clean = squall("workflow", "inspect", "../packs/examples/autoscale-workflows.yaml#broadcast");
        assertThat(clean.status()).as(clean.out()).isZero();
    }

    @Test
    void graphDrawsTasksAndTransitions() {
        Run mermaid = squall("workflow", "graph", "../packs/examples/autoscale-workflows.yaml#handle-critical-alert");
        assertThat(mermaid.status()).isZero();
        assertThat(mermaid.out())
                .startsWith("flowchart TD")
                .contains("t_record -->|\"{{ succeeded() }}\"| t_diagnose")
                .contains("t_expand[\"expand<br/>asg-scale<br/>join all\"]")
                .contains("t_fail([\"fail\"])");
        Run dot =
                squall("workflow", "graph", "--format", "dot", "../packs/examples/autoscale-workflows.yaml#broadcast");
        assertThat(dot.out()).startsWith("digraph workflow {").contains("\"post\" -> \"done\"");
    }
}
