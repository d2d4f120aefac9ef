package io.squall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.cli.offline.RuleTestCommandTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/squall without a built engine: a copy of the script in a tree that has no cli/target. */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void tellsHowToBuildWhenTheJarIsMissing() throws IOException, InterruptedException {
        Path script = tmp.resolve("bin/squall");
        Files.createDirectories(script.getParent());
        Files.copy(RuleTestCommandTest.repositoryRoot().resolve("bin/squall"), script);

        Process process = new ProcessBuilder("bash", script.toString(), "rule", "test").start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stdout).isEmpty();
        assertThat(stderr)
                .contains("squall: the command line is not built: " + tmp.toRealPath()
                        + "/cli/target/squall.jar is missing.")
                .contains("cd " + tmp.toRealPath() + " && mvn -B -q package -DskipTests -pl cli -am");
    }
}
