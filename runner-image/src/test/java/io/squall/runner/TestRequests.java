package io.squall.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.HttpSpec;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import io.squall.api.v1alpha1.RunnerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds requests the way the operator sends them. */
public final class TestRequests {
    private TestRequests() {}

    public static ActionSpec action(RunnerType runner) {
        ActionSpec action = new ActionSpec();
        action.runner = runner;
        return action;
    }

    public static ActionSpec shell(String command) {
        ActionSpec action = action(RunnerType.SHELL);
        action.command = command;
        return action;
    }

    public static ActionSpec script(RunnerType runner, String script) {
        ActionSpec action = action(runner);
        action.script = script;
        return action;
    }

    public static ActionSpec http(HttpSpec.Method method, String url) {
        ActionSpec action = action(RunnerType.HTTP);
        action.http = new HttpSpec();
        action.http.method = method;
        action.http.url = url;
        return action;
    }

    public static ParameterSpec parameter(ParameterType type, Integer position) {
        ParameterSpec spec = new ParameterSpec();
        spec.type = type;
        spec.position = position;
        return spec;
    }

    public static ExecutionRequest request(ActionSpec action) {
        return request(action, Map.of(), List.of(), 0);
    }

    public static ExecutionRequest request(
            ActionSpec action, Map<String, ?> parameters, List<String> secrets, int timeoutSeconds) {
        return request("default", "exec-1", action, parameters, secrets, timeoutSeconds);
    }

    public static ExecutionRequest request(
            String namespace,
            String execution,
            ActionSpec action,
            Map<String, ?> parameters,
            List<String> secrets,
            int timeoutSeconds) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, Json.mapper().valueToTree(value)));
        return new ExecutionRequest(namespace, execution, 1, "test.action", action, values, secrets, timeoutSeconds);
    }
}
