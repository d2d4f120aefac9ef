package io.squall.runner.action;

import static io.squall.runner.TestRequests.request;
import static io.squall.runner.TestRequests.shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.Attempts;
import io.squall.runner.Cancellation;
import io.squall.runner.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellRunnerTest {
    /** How long a SIGKILLed process may take to be gone (the signal is delivered asynchronously). */
    private static final Duration GONE = Duration.ofSeconds(30);

    @Test
    void resultHasStackStormShapeWithJsonStdoutParsed() {
        Attempts.Run run = Attempts.run(request(shell("echo '{\"hosts\": [\"a\", \"b\"]}'; echo 'plain text' >&2")));
        ExecutionResult result = run.result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.error()).isNull();
        JsonNode shape = result.result();
        assertThat(shape.fieldNames())
                .toIterable()
                .containsExactly("succeeded", "failed", "return_code", "stdout", "stderr");
        assertThat(shape.get("succeeded").asBoolean()).isTrue();
        assertThat(shape.get("failed").asBoolean()).isFalse();
        assertThat(shape.get("return_code").asInt()).isZero();
        assertThat(shape.get("stdout").get("hosts").get(1).asText()).isEqualTo("b");
        assertThat(shape.get("stderr").asText()).isEqualTo("plain text");
    }

    @Test
    void numbersAndTextThatIsNotWholeJsonFollowStackStorm() {
        JsonNode number = Attempts.run(request(shell("echo 42"))).result().result();
        assertThat(number.get("stdout").isInt()).isTrue();
        assertThat(number.get("stdout").asInt()).isEqualTo(42);
        JsonNode trailing = Attempts.run(request(shell("echo '{\"a\":1} trailing'")))
                .result()
                .result();
        assertThat(trailing.get("stdout").asText()).isEqualTo("{\"a\":1} trailing");
        JsonNode lines = Attempts.run(request(shell("printf 'one\\ntwo\\n\\n'")))
                .result()
                .result();
        assertThat(lines.get("stdout").asText()).isEqualTo("one\ntwo\n");
    }

    @Test
    void nonZeroExitFails() {
        ExecutionResult result =
                Attempts.run(request(shell("echo partial; exit 3"))).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).contains("exited with code 3");
        assertThat(result.result().get("return_code").asInt()).isEqualTo(3);
        assertThat(result.result().get("failed").asBoolean()).isTrue();
        assertThat(result.result().get("stdout").asText()).isEqualTo("partial");
    }

    @Test
    void commandRunsAsRenderedWithEnvAndCwdAndWithoutRunnerSettings(@TempDir Path cwd) {
        ActionSpec action = shell(
                "echo \"{{ not_a_template }} $GREETING $(pwd) $SQUALL_EXECUTION ${SQUALL_NATS_PASSWORD:-unset}\"");
        action.env = Map.of("GREETING", "hello");
        action.cwd = cwd.toString();
        Attempts.Run run =
                Attempts.run(request(action), Map.of("SQUALL_NATS_PASSWORD", "runner-only"), new Cancellation());
        assertThat(run.result().result().get("stdout").asText())
                .isEqualTo("{{ not_a_template }} hello " + cwd + " exec-1 unset");
    }

    /** Values with template and shell syntax (NUL aside: no process can be given one). */
    static final List<String> HOSTILE = List.of(
            "{{ 7*7 }}; $(id); `id`",
            "'; rm -rf / #\" && echo \"$HOME\" | cat",
            "{% for i in range(3) %}x{% endfor %} {# c #} <% ctx().x %> ${HOME} #{x}",
            "a\\b\\\\c 'q' \"qq\"",
            "line1\nline2\r\n\ttab \u00e9\u4e2d\ud83d\ude00 \u001b[31mred",
            " -n -e leading dash and spaces ");

    @Test
    void everyParameterIsAlsoAnEnvironmentVariableThatNoValueCanBreakOutOf() {
        for (String hostile : HOSTILE) {
            ExecutionResult result = Attempts.run(
                            request(shell("printf '%s' \"$SQUALL_PARAM_NAME\""), Map.of("name", hostile), List.of(), 0))
                    .result();
            assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
            assertThat(result.result().get("stdout").asText())
                    .as("from %s", hostile)
                    .isEqualTo(hostile);
        }
        Map<String, Object> typed = new java.util.LinkedHashMap<>();
        typed.put("count", 3);
        typed.put("flag", true);
        typed.put("tags", List.of("a", "b"));
        typed.put("dash-ed.name", "x");
        typed.put("nothing", null);
        ExecutionResult result = Attempts.run(request(
                        shell("echo \"$SQUALL_PARAM_COUNT|$SQUALL_PARAM_FLAG|"
                                + "$SQUALL_PARAM_TAGS|$SQUALL_PARAM_DASH_ED_NAME|${SQUALL_PARAM_NOTHING-unset}\""),
                        typed,
                        List.of(),
                        0))
                .result();
        assertThat(result.result().get("stdout").asText()).isEqualTo("3|true|[\"a\",\"b\"]|x|unset");
    }

    @Test
    void aValueTooLargeForTheEnvironmentIsInAPrivateFile() {
        String large = "x".repeat(ParameterEnvironment.MAX_ENV_BYTES + 1) + "$(id)";
        ExecutionResult result = Attempts.run(request(
                        shell("test -z \"${SQUALL_PARAM_BIG+set}\" && "
                                + "stat -c %a \"$SQUALL_PARAM_BIG_FILE\" && cat \"$SQUALL_PARAM_BIG_FILE\""),
                        Map.of("big", large),
                        List.of(),
                        0))
                .result();
        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").asText()).isEqualTo("600\n" + large);
    }

    @Test
    void aNulCharacterOrTwoParametersForOneVariableAreRefusedNamingTheParameter() {
        ExecutionResult nul = Attempts.run(
                        request(shell("echo \"$SQUALL_PARAM_NAME\""), Map.of("name", "a\u0000b"), List.of(), 0))
                .result();
        assertThat(nul.outcome()).isEqualTo(Outcome.failed);
        assertThat(nul.error())
                .isEqualTo("parameters.name contains a NUL character (at 1), which no process argument "
                        + "or environment variable can carry");
        ExecutionResult command = Attempts.run(request(shell("echo a\u0000b"))).result();
        assertThat(command.error()).startsWith("action.command contains a NUL character (at 6)");
        ExecutionResult clash = Attempts.run(request(shell("true"), Map.of("a-b", "1", "a_b", "2"), List.of(), 0))
                .result();
        assertThat(clash.error())
                .isEqualTo("parameters a-b and a_b would both be the environment variable "
                        + "SQUALL_PARAM_A_B; rename one of them");
    }

    @Test
    void outputIsStreamedLiveToTheRunnersOwnStreams() {
        Attempts.Run run = Attempts.run(request(shell("echo to-out; echo to-err >&2")));
        assertThat(run.liveStdout()).isEqualTo("to-out\n");
        assertThat(run.liveStderr()).isEqualTo("to-err\n");
    }

    @Test
    void timeoutKillsTheWholeProcessGroupAndEndsTimedOut(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        String command = "sleep 300 & echo $! > " + pidFile + "; sleep 300";
        ExecutionResult result =
                Attempts.run(request(shell(command), Map.of(), List.of(), 1)).result();

        assertThat(result.outcome()).isEqualTo(Outcome.timedout);
        assertThat(result.error()).isEqualTo("Action failed to complete in 1 seconds");
        assertThat(result.result().get("return_code").asInt()).isEqualTo(-9);
        assertThat(result.result().get("error").asText()).isEqualTo(result.error());
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(Processes.exitsWithin(grandchild, GONE))
                .as("grandchild %d still running", grandchild)
                .isTrue();
    }

    @Test
    void backgroundProcessesLeftBehindDoNotOutliveTheAttempt(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("background.pid");
        ExecutionResult result = Attempts.run(request(shell("sleep 300 & echo $! > " + pidFile + "; echo done")))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").asText()).isEqualTo("done");
        assertThat(Processes.exitsWithin(
                        Long.parseLong(Files.readString(pidFile).strip()), GONE))
                .isTrue();
    }

    @Test
    void cancelKillsTheGroupAndEndsCanceled(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Cancellation cancellation = new Cancellation();
        Thread canceler = new Thread(() -> {
            try {
                while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            cancellation.cancel();
        });
        canceler.start();
        ExecutionResult result = Attempts.run(
                        request(shell("sleep 300 & echo $! > " + pidFile + "; wait")), Map.of(), cancellation)
                .result();
        canceler.join();
        assertThat(result.outcome()).isEqualTo(Outcome.canceled);
        assertThat(result.error()).contains("canceled");
        assertThat(Processes.exitsWithin(
                        Long.parseLong(Files.readString(pidFile).strip()), GONE))
                .isTrue();
    }

    @Test
    void outputIsBoundedToItsTailAndTheDroppedBytesAreReported() {
        // 300 000 bytes of 'x' then a marker line; the bound is 1 KiB
        Attempts.Run run = Attempts.run(
                request(shell("head -c 300000 /dev/zero | tr '\\0' x; echo; echo END")),
                Map.of("SQUALL_OUTPUT_LIMIT_BYTES", "1024"),
                new Cancellation());
        JsonNode shape = run.result().result();
        String stdout = shape.get("stdout").asText();
        assertThat(stdout).endsWith("x\nEND").hasSize(1024 - 1); // the trailing newline is stripped, as in st2
        assertThat(shape.get("stdout_truncated_bytes").asLong()).isEqualTo(300000 + 1 + 4 - 1024);
        assertThat(shape.has("stderr_truncated_bytes")).isFalse();
        assertThat(run.liveStdout()).hasSize(300005); // the live stream is not bounded
    }

    @Test
    void defaultBoundKeepsTheLast256KiB() {
        JsonNode shape = Attempts.run(request(shell("head -c 300000 /dev/zero | tr '\\0' y")))
                .result()
                .result();
        assertThat(shape.get("stdout").asText()).hasSize(256 * 1024);
        assertThat(shape.get("stdout_truncated_bytes").asLong()).isEqualTo(300000 - 256 * 1024);
    }

    @Test
    void secretValuesAreMaskedInLiveOutputCapturedOutputAndResult() {
        ActionSpec action = shell("echo \"token is $TOKEN\"; echo \"{\\\"echo\\\": \\\"$TOKEN\\\"}\" >&2; exit 1");
        action.env = Map.of("TOKEN", "sup3r-s3cret");
        Attempts.Run run = Attempts.run(
                request(action, Map.of("token", "sup3r-s3cret"), List.of("token"), 0), Map.of(), new Cancellation());
        assertThat(run.liveStdout()).isEqualTo("token is ********\n");
        assertThat(run.liveStderr()).isEqualTo("{\"echo\": \"********\"}\n");
        assertThat(run.result().result().get("stdout").asText()).isEqualTo("token is ********");
        assertThat(run.result().result().get("stderr").get("echo").asText()).isEqualTo("********");
        assertThat(run.result().result().toString()).doesNotContain("sup3r-s3cret");
    }

    @Test
    void missingCommandFailsNamingTheField() {
        ExecutionResult result = Attempts.run(request(shell(" "))).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).isEqualTo("action.command is required by the shell runner");
    }

    @Test
    void missingWorkingDirectoryFailsNamingTheField() {
        ActionSpec action = shell("true");
        action.cwd = "/no/such/dir";
        assertThat(Attempts.run(request(action)).result().error())
                .isEqualTo("action.cwd '/no/such/dir' is not a directory");
    }
}
