package io.squall.runner;

import static io.squall.runner.TestRequests.action;
import static io.squall.runner.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.RunnerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionAttemptTest {

    @Test
    void noopSucceedsWithStackStormsNoopResult() {
        ExecutionResult result = Attempts.run(request(action(RunnerType.NOOP))).result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().toString()).isEqualTo("{\"failed\":false,\"succeeded\":true,\"return_code\":0}");
        assertThat(result.namespace()).isEqualTo("default");
        assertThat(result.execution()).isEqualTo("exec-1");
        assertThat(result.attempt()).isEqualTo(1);
        assertThat(result.startedAt()).isNotNull();
        assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
    }

    @Test
    void aRequestWithoutActionOrRunnerFailsNamingTheField() {
        ExecutionRequest noAction = new ExecutionRequest("default", "e", 0, "x", null, Map.of(), List.of(), 0);
        assertThat(Attempts.run(noAction).result().error()).isEqualTo("request field 'action' is missing");
        ExecutionResult noRunner = Attempts.run(request(new ActionSpec())).result();
        assertThat(noRunner.outcome()).isEqualTo(Outcome.failed);
        assertThat(noRunner.error()).startsWith("action.runner is missing");
    }

    @Test
    void aCancelBeforeTheStartRunsNothing() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        ExecutionResult result = Attempts.run(
                        request(TestRequests.shell("echo should-not-run")), Map.of(), cancellation)
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.canceled);
        assertThat(result.result().toString()).doesNotContain("should-not-run");
    }

    @Test
    void timeoutComesFromTheRequestThenTheActionThenTheRunnerDefault() {
        ActionSpec python = action(RunnerType.PYTHON);
        assertThat(ExecutionAttempt.timeoutOf(request(python))).isEqualTo(Duration.ofSeconds(600));
        assertThat(ExecutionAttempt.timeoutOf(request(action(RunnerType.SHELL))))
                .isEqualTo(Duration.ofSeconds(60));
        python.timeout = 30;
        assertThat(ExecutionAttempt.timeoutOf(request(python))).isEqualTo(Duration.ofSeconds(30));
        assertThat(ExecutionAttempt.timeoutOf(request(python, Map.of(), List.of(), 5)))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theErrorIsMaskedToo() {
        ActionSpec action = TestRequests.shell("true");
        action.cwd = "/tmp/s3cret-dir";
        ExecutionResult result = Attempts.run(request(action, Map.of("dir", "s3cret-dir"), List.of("dir"), 0))
                .result();
        assertThat(result.error()).isEqualTo("action.cwd '/tmp/********' is not a directory");
        assertThat(result.result().get("error").asText()).isEqualTo(result.error());
    }
}
