package io.squall.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.expr.Expressions;
import io.squall.engine.workflow.inspect.WorkflowInspector;
import io.squall.engine.workflow.rehearse.Rehearsal;
import io.squall.engine.workflow.rehearse.RehearsalOutcome;
import io.squall.engine.workflow.spec.WorkflowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs Orquesta's conformance cases (../shared/conformance/orquesta, read in place, never copied: see its
 * FORMAT.md) through Squall's conductor and rehearsal: every case of every set must give what Orquesta gave. The
 * folder is found beside the checkout or at {@code -Dsquall.conformance.dir}; without it the build fails and says
 * where it looked (set {@code -Dsquall.conformance.dir=skip} to build without it on purpose).
 */
class OrquestaConformanceTest {
    private static final Expressions EXPRESSIONS = Expressions.standard(KvLookup.EMPTY);

    static Path conformanceDir() {
        String configured = System.getProperty("squall.conformance.dir");
        if (configured != null && !configured.isBlank()) {
            return configured.equals("skip") ? null : Path.of(configured);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("conformance").resolve("orquesta");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        fail("""

                ************************************************************************************************
                Orquesta conformance cases not found: looked for shared/conformance/orquesta beside every parent
                of %s. The workflow engine's conformance is proven by them; point the build at them with
                -Dsquall.conformance.dir=<path>, or pass -Dsquall.conformance.dir=skip to build without them.
                ************************************************************************************************""".formatted(here));
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        try {
            return (Map<String, Object>)
                    Values.normalize(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<DynamicTest> cases(String set, java.util.function.Consumer<Map<String, Object>> check)
            throws IOException {
        Path dir = conformanceDir();
        if (dir == null) {
            return Stream.empty();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve(set))) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("cases in " + dir.resolve(set)).isNotEmpty();
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(set + "/" + f.getFileName(), f.toUri(), () -> check.accept(load(f))));
    }

    static void assertRehearses(Map<String, Object> c) {
        WorkflowSpec spec = WorkflowSpec.parse((String) c.get("workflow_definition"));
        Rehearsal.Stage stage = new Rehearsal(EXPRESSIONS).run(spec, c);
        List<String> problems = new ArrayList<>(stage.outcome().mismatches());
        if (c.get("observed") instanceof Map<?, ?> observed) {
            problems.addAll(observedMismatches((Map<String, Object>) observed, stage.outcome()));
        }
        List<Object> reruns = c.get("reruns") instanceof List<?> l ? (List<Object>) l : List.of();
        List<Object> observedStages = c.get("observed") instanceof List<?> l ? (List<Object>) l : List.of();
        if (!observedStages.isEmpty()) {
            problems.addAll(observedMismatches((Map<String, Object>) observedStages.get(0), stage.outcome()));
        }
        for (int i = 0; i < reruns.size(); i++) {
            stage = new Rehearsal(EXPRESSIONS).rerun(stage.conductor(), (Map<String, Object>) reruns.get(i));
            int n = i + 1;
            stage.outcome().mismatches().forEach(m -> problems.add("rerun " + n + ": " + m));
            if (observedStages.size() > n) {
                observedMismatches((Map<String, Object>) observedStages.get(n), stage.outcome())
                        .forEach(m -> problems.add("rerun " + n + ": " + m));
            }
        }
        assertThat(problems).as("case " + c.get("case_id")).isEmpty();
    }

    /** The stricter check: everything Orquesta reported for this very file. */
    static List<String> observedMismatches(Map<String, Object> observed, RehearsalOutcome o) {
        List<String> problems = new ArrayList<>();
        if (!Values.pyEquals(observed.get("task_sequence"), o.taskSequence())) {
            problems.add("observed task_sequence " + observed.get("task_sequence") + " != " + o.taskSequence());
        }
        if (!Values.pyEquals(observed.get("routes"), o.routes())) {
            problems.add("observed routes " + observed.get("routes") + " != " + o.routes());
        }
        if (!Values.pyEquals(observed.get("workflow_status"), o.workflowStatus())) {
            problems.add("observed status " + observed.get("workflow_status") + " != " + o.workflowStatus());
        }
        if (!Values.pyEquals(observed.get("term_tasks"), o.termTasks())) {
            problems.add("observed term_tasks " + observed.get("term_tasks") + " != " + o.termTasks());
        }
        if (!Values.pyEquals(observed.get("output"), o.output())) {
            problems.add("observed output " + observed.get("output") + " != " + o.output());
        }
        if (!Values.pyEquals(observed.get("errors"), o.errors())) {
            problems.add(
                    "observed errors " + Values.pyRepr(observed.get("errors")) + " != " + Values.pyRepr(o.errors()));
        }
        if (observed.containsKey("dispatches") && !Values.pyEquals(observed.get("dispatches"), o.dispatches())) {
            problems.add("observed dispatches " + Values.pyRepr(observed.get("dispatches")) + " != "
                    + Values.pyRepr(o.dispatches()));
        }
        return problems;
    }

    @TestFactory
    Stream<DynamicTest> yaql() throws IOException {
        return cases("cases", OrquestaConformanceTest::assertRehearses);
    }

    @TestFactory
    Stream<DynamicTest> jinja() throws IOException {
        return cases("cases-jinja", OrquestaConformanceTest::assertRehearses);
    }

    @TestFactory
    Stream<DynamicTest> yaqlReruns() throws IOException {
        return cases("cases-rerun", OrquestaConformanceTest::assertRehearses);
    }

    @TestFactory
    Stream<DynamicTest> jinjaReruns() throws IOException {
        return cases("cases-jinja-rerun", OrquestaConformanceTest::assertRehearses);
    }

    @TestFactory
    Stream<DynamicTest> inspection() throws IOException {
        return cases("cases-inspection", c -> {
            WorkflowSpec spec = WorkflowSpec.parse((String) c.get("workflow_definition"));
            Map<String, Object> actual = new WorkflowInspector(EXPRESSIONS).inspect(spec);
            assertThat(Values.pyEquals(actual, c.get("expected_inspection_errors")))
                    .as(
                            "case %s: inspection%n actual   %s%n expected %s",
                            c.get("case_id"), Values.pyRepr(actual), Values.pyRepr(c.get("expected_inspection_errors")))
                    .isTrue();
        });
    }

    @TestFactory
    Stream<DynamicTest> negative() throws IOException {
        return cases("cases-negative", c -> {
            WorkflowSpec spec = WorkflowSpec.parse((String) c.get("workflow_definition"));
            RehearsalOutcome o = new Rehearsal(EXPRESSIONS).run(spec, c).outcome();
            assertThat(o.mismatches())
                    .as("case %s must report a mismatch", c.get("case_id"))
                    .isNotEmpty();
            assertThat(o.mismatches().get(0)).isEqualTo(c.get("expect_rehearsal_failure"));
        });
    }
}
