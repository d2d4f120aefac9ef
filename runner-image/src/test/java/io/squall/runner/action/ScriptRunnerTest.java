package io.squall.runner.action;

import static io.squall.runner.TestRequests.parameter;
import static io.squall.runner.TestRequests.request;
import static io.squall.runner.TestRequests.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.ParameterType;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.api.v1alpha1.ScriptRef;
import io.squall.runner.Attempts;
import io.squall.runner.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
    /** Prints each argument on its own line, bracketed, so spaces inside arguments are visible. */
    private static final String PRINT_ARGS = "for a in \"$@\"; do echo \"[$a]\"; done\n";

    @Test
    void parametersArePassedAsNamedThenPositionalArguments() {
        ActionSpec action = script(RunnerType.SCRIPT, PRINT_ARGS);
        action.parameters.put("host", parameter(ParameterType.STRING, 0));
        action.parameters.put("ports", parameter(ParameterType.ARRAY, 1));
        action.parameters.put("message", parameter(ParameterType.STRING, null));
        action.parameters.put("force", parameter(ParameterType.BOOLEAN, null));
        ExecutionResult result = Attempts.run(request(
                        action,
                        Map.of("host", "web 1", "ports", List.of(80, 443), "message", "hi there", "force", true),
                        List.of(),
                        0))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").asText())
                .isEqualTo("[--force]\n[--message=hi there]\n[web 1]\n[80,443]");
    }

    @Test
    void scriptsGetTheParametersAsEnvironmentVariablesTooAndNoValueBreaksOut() {
        for (String hostile : ShellRunnerTest.HOSTILE) {
            ActionSpec action = script(RunnerType.SCRIPT, "printf '%s|%s' \"$1\" \"$SQUALL_PARAM_NAME\"\n");
            action.parameters = Map.of("name", parameter(ParameterType.STRING, 0));
            ExecutionResult result = Attempts.run(request(action, Map.of("name", hostile), List.of(), 0))
                    .result();
            assertThat(result.outcome()).isEqualTo(ExecutionResult.Outcome.succeeded);
            assertThat(result.result().get("stdout").asText()).isEqualTo(hostile + "|" + hostile);
        }
    }

    @Test
    void shebangChoosesTheInterpreter() {
        ActionSpec action = script(
                RunnerType.SCRIPT,
                "#!/usr/bin/env python3\nimport json, sys\nprint(json.dumps({'argv': sys.argv[1:]}))\n");
        action.parameters.put("n", parameter(ParameterType.INTEGER, 0));
        ExecutionResult result =
                Attempts.run(request(action, Map.of("n", 5), List.of(), 0)).result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").get("argv").toString()).isEqualTo("[\"5\"]");
    }

    @Test
    void scriptFailureHasTheShellShape() {
        ExecutionResult result = Attempts.run(request(script(RunnerType.SCRIPT, "echo bad >&2\nexit 4\n")))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.result().get("return_code").asInt()).isEqualTo(4);
        assertThat(result.result().get("stderr").asText()).isEqualTo("bad");
    }

    @Test
    void scriptRefIsReadFromTheMountedFile(@TempDir Path dir) throws Exception {
        Path mounted = dir.resolve("deploy.sh");
        Files.writeString(mounted, "echo \"from configmap: $1\"\n");
        ActionSpec action = scriptRefAction("scripts", "deploy.sh");
        action.parameters.put("target", parameter(ParameterType.STRING, 0));
        ExecutionResult result = Attempts.run(
                        request(action, Map.of("target", "prod"), List.of(), 0),
                        Map.of("SQUALL_SCRIPT_FILE", mounted.toString()),
                        new Cancellation())
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").asText()).isEqualTo("from configmap: prod");
    }

    @Test
    void scriptRefWithoutTheMountedFileFailsNamingTheField() {
        ExecutionResult result = Attempts.run(
                        request(scriptRefAction("scripts", "deploy.sh")),
                        Map.of("SQUALL_SCRIPT_FILE", ""),
                        new Cancellation())
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).startsWith("action.scriptRef is set but SQUALL_SCRIPT_FILE is not");

        ExecutionResult unreadable = Attempts.run(
                        request(scriptRefAction("scripts", "deploy.sh")),
                        Map.of("SQUALL_SCRIPT_FILE", "/no/such/file"),
                        new Cancellation())
                .result();
        assertThat(unreadable.error())
                .startsWith("action.scriptRef (ConfigMap scripts, key deploy.sh): cannot read /no/such/file");
    }

    @Test
    void missingScriptFailsNamingTheField() {
        ExecutionResult result =
                Attempts.run(request(script(RunnerType.SCRIPT, null))).result();
        assertThat(result.error()).isEqualTo("action.script (or action.scriptRef) is required by the script runner");
    }

    @Test
    void secretArgumentsAreMaskedInTheOutput() {
        ActionSpec action = script(RunnerType.SCRIPT, PRINT_ARGS);
        ExecutionResult result = Attempts.run(request(action, Map.of("password", "pa55word"), List.of("password"), 0))
                .result();
        assertThat(result.result().get("stdout").asText()).isEqualTo("[--password=********]");
    }

    private static ActionSpec scriptRefAction(String configMap, String key) {
        ActionSpec action = script(RunnerType.SCRIPT, null);
        action.scriptRef = new ScriptRef();
        action.scriptRef.configMap = configMap;
        action.scriptRef.key = key;
        return action;
    }
}
