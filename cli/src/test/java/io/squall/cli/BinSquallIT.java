package io.squall.cli;

import static io.squall.cli.offline.RuleTestCommandTest.example;
import static io.squall.cli.offline.RuleTestCommandTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.cli.offline.RuleTestCommandTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, bin/squall, on the packaged layout (engine/target/squall-engine.jar + lib/). Runs in the
 * integration-test phase (mvn verify), after the package phase built that layout.
 */
class BinSquallIT {
    private static final Path SCRIPT = RuleTestCommandTest.repositoryRoot().resolve("bin/squall");

    @TempDir
    Path tmp;

    record Result(int status, String stdout, String stderr) {}

    private static Result squall(Path script, String... args) throws IOException, InterruptedException {
        return squall(Map.of(), script, args);
    }

    private static Result squall(Map<String, String> env, Path script, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stdout, stderr);
    }

    @Test
    void testsTheExampleRule() throws IOException, InterruptedException {
        Result result = squall(
                SCRIPT,
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
        assertThat(result.stderr()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(RuleTestCommandTest.parseLines(result.stdout()))
                .containsExactly(
                        json(RuleTestCommandTest.CRITICAL_WITH_ACTION.formatted(example("trigger-critical.json"))),
                        json(RuleTestCommandTest.STAGING.formatted(example("trigger-staging.yaml"))),
                        json(RuleTestCommandTest.BAD_VALUE.formatted(example("trigger-bad-value.json"))));
    }

    @Test
    void worksThroughASymlinkAndReportsUsageErrors() throws IOException, InterruptedException {
        Path link = Files.createSymbolicLink(tmp.resolve("squall"), SCRIPT);
        Result ok = squall(
                link, "rule", "test", "--rule", example("rule.yaml"), "--trigger", example("trigger-critical.json"));
        assertThat(ok.status()).isZero();
        assertThat(RuleTestCommandTest.parseLines(ok.stdout())).hasSize(1);

        Result bad = squall(link, "rule", "test", "--rule", example("rule.yaml"));
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderr()).startsWith("squall: at least one --trigger is required");
        Files.delete(link); // JUnit warns about links leaving its temp dir
    }

    @Test
    void importsAStackStormPackAndPrintsHelpThroughTheLauncher() throws IOException, InterruptedException {
        Path out = tmp.resolve("webops");
        Result imported = squall(
                SCRIPT,
                "pack",
                "import",
                RuleTestCommandTest.repositoryRoot()
                        .resolve("cli/src/test/resources/st2-packs/webops")
                        .toString(),
                "-o",
                out.toString());
        assertThat(imported.stderr()).isEmpty();
        assertThat(imported.status()).as(imported.stdout()).isZero();
        assertThat(imported.stdout()).contains("complete: everything was converted");
        assertThat(out.resolve("kustomization.yaml")).exists();

        Result help = squall(SCRIPT, "execution", "rerun", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.stdout()).startsWith("usage: squall execution rerun ").contains("--tasks=TASK");
        Result completion = squall(SCRIPT, "completion");
        assertThat(completion.stdout())
                .contains("complete -F")
                .contains("execution")
                .contains("rerun");
    }

    @Test
    void recordsAClassArchiveOnTheFirstRunAfterABuildAndStartsFromItAfter() throws IOException, InterruptedException {
        Path target = RuleTestCommandTest.repositoryRoot().resolve("cli/target");
        Path archive = target.resolve("squall.jsa");
        Files.deleteIfExists(archive);
        Result first = squall(SCRIPT, "--version");
        assertThat(first.status()).isZero();
        assertThat(first.stdout()).startsWith("squall ");
        assertThat(first.stderr())
                .as("nothing said about classes it cannot archive")
                .isEmpty();
        assertThat(archive).isNotEmptyFile();

        Path classes = tmp.resolve("classes.log");
        Result second =
                squall(Map.of("SQUALL_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), SCRIPT, "--version");
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(second.stderr()).isEmpty();
        assertThat(Files.readString(classes)).contains("io.squall.cli.SquallCli source: shared objects file (top)");

        // a build (a jar newer than the archive) makes it stale: the next run records it anew, and says nothing
        FileTime recorded = Files.getLastModifiedTime(archive);
        Files.setLastModifiedTime(
                target.resolve("squall.jar"), FileTime.from(recorded.toInstant().plusSeconds(1)));
        Result rebuilt = squall(SCRIPT, "--version");
        assertThat(rebuilt.stdout()).isEqualTo(first.stdout());
        assertThat(rebuilt.stderr()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(recorded);
        try (var leftovers = Files.list(target)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("squall.jsa."));
        }
    }
}
