package io.squall.runner.action;

import static io.squall.runner.TestRequests.request;
import static io.squall.runner.TestRequests.script;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.runner.Attempts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonRunnerTest {

    @Test
    void entryPointIsCalledWithTheParametersAsKeywordArguments() {
        ActionSpec action = script(RunnerType.PYTHON, """
                def run(name, count, tags):
                    print("hello", name)
                    return {"greeting": "hi " + name, "double": count * 2, "tags": tags}
                """);
        ExecutionResult result = Attempts.run(
                        request(action, Map.of("name", "ada", "count", 21, "tags", List.of("x")), List.of(), 0))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        JsonNode shape = result.result();
        assertThat(shape.fieldNames()).toIterable().containsExactly("result", "stdout", "stderr", "exit_code");
        assertThat(shape.get("result").toString())
                .isEqualTo("{\"greeting\":\"hi ada\",\"double\":42,\"tags\":[\"x\"]}");
        assertThat(shape.get("stdout").asText()).isEqualTo("hello ada");
        assertThat(shape.get("stderr").asText()).isEmpty();
        assertThat(shape.get("exit_code").asInt()).isZero();
    }

    @Test
    void anExceptionFailsWithItsTraceback() {
        ActionSpec action = script(RunnerType.PYTHON, """
                def run():
                    raise ValueError("disk full")
                """);
        ExecutionResult result = Attempts.run(request(action)).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).isEqualTo("the python action exited with code 1: ValueError: disk full");
        assertThat(result.result().get("result").isNull()).isTrue();
        assertThat(result.result().get("exit_code").asInt()).isEqualTo(1);
        assertThat(result.result().get("stderr").asText()).contains("Traceback").contains("raise ValueError");
    }

    @Test
    void aNonZeroExitFails() {
        ActionSpec action = script(RunnerType.PYTHON, "import sys\ndef run():\n    sys.exit(3)\n");
        ExecutionResult result = Attempts.run(request(action)).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.result().get("exit_code").asInt()).isEqualTo(3);
    }

    @Test
    void returningFalseAndAValueFailsLikeStackStorm() {
        ActionSpec action = script(RunnerType.PYTHON, "def run():\n    return (False, {'reason': 'no quota'})\n");
        ExecutionResult result = Attempts.run(request(action)).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.result().get("result").get("reason").asText()).isEqualTo("no quota");
        assertThat(result.result().get("exit_code").asInt()).isZero();
    }

    @Test
    void aClassMethodEntryPoint() {
        ActionSpec action = script(RunnerType.PYTHON, """
                class Scale:
                    def apply(self, replicas):
                        return replicas + 1
                """);
        action.entryPoint = "Scale.apply";
        ExecutionResult result = Attempts.run(request(action, Map.of("replicas", 2), List.of(), 0))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("result").asInt()).isEqualTo(3);
    }

    @Test
    void aMissingEntryPointFailsNamingIt() {
        ActionSpec action = script(RunnerType.PYTHON, "def main():\n    return 1\n");
        ExecutionResult result = Attempts.run(request(action)).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).contains("entryPoint 'run': the script defines no function 'run'");
    }

    @Test
    void secretsAreMaskedInTheReturnValueAndOutput() {
        ActionSpec action =
                script(RunnerType.PYTHON, "def run(api_key):\n    print(api_key)\n    return {'used': api_key}\n");
        ExecutionResult result = Attempts.run(request(action, Map.of("api_key", "k-123456"), List.of("api_key"), 0))
                .result();
        assertThat(result.result().get("result").get("used").asText()).isEqualTo("********");
        assertThat(result.result().get("stdout").asText()).isEqualTo("********");
    }

    @Test
    void timeoutKillsThePythonProcess() {
        ActionSpec action = script(RunnerType.PYTHON, "import time\ndef run():\n    time.sleep(300)\n");
        ExecutionResult result =
                Attempts.run(request(action, Map.of(), List.of(), 1)).result();
        assertThat(result.outcome()).isEqualTo(Outcome.timedout);
        assertThat(result.result().get("error").asText()).isEqualTo("Action failed to complete in 1 seconds");
    }

    @Test
    void aStackStormActionRunsUnchangedOnStackStormsActionClass() {
        ActionSpec action = script(RunnerType.PYTHON, """
                from st2common.runners.base_action import Action


                class Greet(Action):
                    def run(self, name):
                        self.logger.info("greeting %s", name)
                        return True, {"greeting": "hello " + name, "config": self.config}
                """);
        action.entryPoint = "Greet.run";
        ExecutionResult result = Attempts.run(request(action, Map.of("name", "ada"), List.of(), 0))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("result").toString()).isEqualTo("{\"greeting\":\"hello ada\",\"config\":{}}");
        assertThat(result.result().get("stderr").asText()).contains("INFO actions.python.Greet: greeting ada");
    }
}
