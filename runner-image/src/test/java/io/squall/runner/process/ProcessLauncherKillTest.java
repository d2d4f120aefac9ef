package io.squall.runner.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The group kill that ends every run must not take the output the pumps have not read yet. */
class ProcessLauncherKillTest {

    @Test
    void killingAFinishedProcessLeavesItsUnreadOutputReadable() throws Exception {
        Process process = new ProcessBuilder("bash", "-c", "echo last-words").start();
        process.waitFor();

        ProcessLauncher.killGroup(process);

        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("last-words\n");
    }
}
