package io.squall.runner;

import io.squall.api.messages.ExecutionRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment every action process starts from: the runner's own (st2 passes os.environ too) minus
 * the runner's settings, which include NATS credentials, plus variables naming the execution (Squall's
 * equivalent of st2's ST2_ACTION_EXECUTION_ID, which is set too for ported scripts).
 */
public final class ActionEnvironment {
    private static final String RUNNER_PREFIX = "SQUALL_";

    private ActionEnvironment() {}

    public static Map<String, String> base(Map<String, String> runnerEnvironment, ExecutionRequest request) {
        Map<String, String> env = new HashMap<>();
        runnerEnvironment.forEach((name, value) -> {
            if (!name.startsWith(RUNNER_PREFIX)) {
                env.put(name, value);
            }
        });
        env.put("SQUALL_NAMESPACE", request.namespace());
        env.put("SQUALL_EXECUTION", request.execution());
        env.put("SQUALL_ATTEMPT", Integer.toString(request.attempt()));
        if (request.actionName() != null) {
            env.put("SQUALL_ACTION", request.actionName());
        }
        env.put("ST2_ACTION_EXECUTION_ID", request.execution());
        return env;
    }
}
