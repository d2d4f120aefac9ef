package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two commands on a machine without nats-server (issue #12): bin/squall-test installs it and runs
 * {@code mvn -B verify}, .ci/run runs exactly bin/squall-test, bin/squall-dev installs it instead of stopping, and a
 * user who cannot install is told the command. The machine is this one with an empty /usr/sbin (a private mount
 * namespace: needs root and unshare, as on the CI machine), stand-ins for apt-get, mvn and the kube-apiserver
 * binaries that record what they were asked, and the real bash scripts.
 */
class SetupScriptsTest {

    private static final Duration RUN = Duration.ofMinutes(2);

    @TempDir
    static Path work;

    private static Path stubs;
    private static Path calls;
    private static Path kubeBinaries;

    @BeforeAll
    static void stubs() throws IOException {
        boolean root = "0"
                .equals(Scripts.run(List.of("id", "-u"), Map.of(), RUN).output().strip());
        assumeTrue(
                root
                        && Scripts.run(List.of("unshare", "-m", "--propagation", "private", "true"), Map.of(), RUN)
                                        .exitCode()
                                == 0,
                "needs root and unshare -m (a private /usr/sbin)");
        String realNats = Scripts.run(List.of("bash", "-c", ". bin/lib/setup.sh && squall_nats_server"), Map.of(), RUN)
                .output()
                .strip();
        assumeTrue(!realNats.isEmpty(), "needs a nats-server to copy (bin/squall-test installs it)");

        // readable by the unprivileged user of squallTestTellsAUserWhoCannotInstallWhichCommandToRun
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        stubs = Files.createDirectories(work.resolve("stubs"));
        calls = work.resolve("calls");
        Files.copy(Path.of(realNats), work.resolve("nats-server-package"));
        // apt-get: records its arguments; "installs" nats-server into the private /usr/sbin unless told to fail
        script(stubs.resolve("apt-get"), """
            #!/bin/bash
            echo "apt-get $*" >> %1$s
            [ -n "${APT_FAILS:-}" ] && { echo "E: Unable to locate package nats-server" >&2; exit 100; }
            if [ "$1" = install ]; then
              for a in "$@"; do [ "$a" = nats-server ] && cp %2$s /usr/sbin/nats-server; done
            fi
            exit 0
            """.formatted(calls, work.resolve("nats-server-package")));
        script(stubs.resolve("mvn"), """
            #!/bin/bash
            echo "mvn $* | cwd=$PWD | SQUALL_KUBE_API_TEST_DIR=$SQUALL_KUBE_API_TEST_DIR | nats-server=$(command -v nats-server)" >> %s
            """.formatted(calls));
        kubeBinaries = work.resolve("kube");
        Path platform = Files.createDirectories(kubeBinaries.resolve("k8s/1.20.2-linux-amd64"));
        for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
            script(platform.resolve(binary), "#!/bin/sh\nexit 0\n");
        }
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @BeforeEach
    void noCallsYet() throws IOException {
        Files.deleteIfExists(calls);
    }

    private static List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** A command run with an empty /usr/sbin, the stand-ins first on the PATH. */
    private static Scripts.Result withoutNatsServer(Map<String, String> env, String... command) {
        List<String> unshared = new ArrayList<>(List.of(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "bash",
                "-c",
                "mount -t tmpfs squall-test /usr/sbin && exec \"$@\"",
                "unshare"));
        unshared.addAll(List.of(command));
        Map<String, String> all = new HashMap<>();
        all.put("PATH", stubs + ":/usr/bin:/bin");
        all.put("nats_server_path", null);
        all.put("SQUALL_KUBE_API_TEST_DIR", kubeBinaries.toString());
        all.putAll(env);
        return Scripts.run(unshared, all, RUN);
    }

    private static String expectedMaven(String arguments) {
        return "mvn -B " + arguments + " | cwd=" + SquallRepository.root() + " | SQUALL_KUBE_API_TEST_DIR="
                + kubeBinaries + " | nats-server=/usr/sbin/nats-server";
    }

    @Test
    void squallTestInstallsNatsServerThenRunsMavenVerify() throws IOException {
        Scripts.Result result = withoutNatsServer(Map.of(), "bash", "bin/squall-test");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains(
                        "squall-test: nats-server not found (Debian package nats-server)",
                        "squall-test: installing nats-server (apt-get)",
                        "squall-test: running: mvn -B verify");
        assertThat(calls())
                .containsExactly(
                        "apt-get update -qq",
                        "apt-get install -y -qq --no-install-recommends nats-server",
                        expectedMaven("verify"));
    }

    @Test
    void squallTestPassesItsArgumentsToMavenInsteadOfVerify() throws IOException {
        Scripts.Result result = withoutNatsServer(Map.of(), "bash", "bin/squall-test", "-pl", "api", "-am", "verify");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(calls()).last().isEqualTo(expectedMaven("-pl api -am verify"));
    }

    @Test
    void ciRunRunsExactlyTheReadmeTestCommand() throws IOException {
        Scripts.Result result = withoutNatsServer(Map.of(), "bash", ".ci/run");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("squall-test: running: mvn -B verify");
        assertThat(calls()).last().isEqualTo(expectedMaven("verify"));
        assertThat(SquallRepository.root().resolve("README.md")).content().contains("```\nbin/squall-test\n```");
    }

    @Test
    void squallTestTellsAUserWhoCannotInstallWhichCommandToRun() throws IOException {
        Scripts.Result result = withoutNatsServer(
                Map.of(), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "bin/squall-test");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("squall-test: cannot install nats-server as ")
                .contains("squall-test:   sudo apt-get update && sudo apt-get install -y nats-server");
        assertThat(calls()).isEmpty();
    }

    /** A java that answers -version as Java 17 and records how squall-dev starts the local stack. */
    private static Path recordingJava() throws IOException {
        Path home = work.resolve("recording-jdk");
        Files.createDirectories(home.resolve("bin"));
        script(home.resolve("bin/java"), """
            #!/bin/bash
            if [ "$1" = -version ]; then echo 'openjdk version "17.0.9" 2023-10-17' >&2; exit 0; fi
            echo "java ${@: -1} | nats-server=$(command -v nats-server)" >> %s
            """.formatted(calls));
        return home;
    }

    @Test
    void squallDevInstallsNatsServerInsteadOfStopping() throws IOException {
        Scripts.Result result =
                withoutNatsServer(Map.of("JAVA_HOME", recordingJava().toString()), "bash", "bin/squall-dev");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("squall-dev: installing nats-server (apt-get)");
        assertThat(calls())
                .contains("apt-get install -y -qq --no-install-recommends nats-server")
                .last()
                .isEqualTo("java io.squall.local.LocalSquall | nats-server=/usr/sbin/nats-server");
    }

    @Test
    void squallDevSaysWhatToInstallWhenTheInstallFails() throws IOException {
        Scripts.Result result = withoutNatsServer(
                Map.of("JAVA_HOME", recordingJava().toString(), "APT_FAILS", "yes"), "bash", "bin/squall-dev");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output())
                .contains(
                        "squall-dev: installing nats-server (apt-get)",
                        "E: Unable to locate package nats-server",
                        "squall-dev: nats-server is needed: install the Debian package nats-server (apt-get install -y nats-server)");
        assertThat(calls()).noneMatch(call -> call.startsWith("java "));
    }
}
