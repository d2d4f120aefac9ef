package io.squall.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's class-data-sharing step (docker/cds-train.sh) run against the built jar: it must
 * produce an archive from which the runner's own classes are then loaded.
 */
class CdsTrainingScriptTest {

    @Test
    void trainingProducesAnArchiveTheRunnerLoadsItsClassesFrom(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("runner.jar", "target/squall-runner.jar"))
                .toAbsolutePath();
        Path archive = dir.resolve("runner.jsa");
        Process train = new ProcessBuilder("docker/cds-train.sh", jar.toString(), archive.toString(), "docker/cds")
                .redirectErrorStream(true)
                .start();
        String trainOutput = new String(train.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(train.waitFor()).as(trainOutput).isZero();
        assertThat(trainOutput).contains("cds-train: wrote " + archive);

        Path request = Path.of("docker/cds/shell.json").toAbsolutePath();
        Process run = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xshare:on",
                        "-XX:SharedArchiveFile=" + archive,
                        "-Xlog:class+load",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-jar",
                        jar.toString(),
                        request.toString()))
                .redirectError(dir.resolve("stderr").toFile())
                .start();
        String classLoading = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(Files.readString(dir.resolve("stderr"))).isZero();
        assertThat(classLoading)
                .contains("io.squall.runner.RunnerMain source: shared objects file")
                .contains("io.squall.runner.action.ShellRunner source: shared objects file")
                .contains("com.fasterxml.jackson.databind.ObjectMapper source: shared objects file");
    }
}
