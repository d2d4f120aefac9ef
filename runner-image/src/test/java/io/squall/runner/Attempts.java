package io.squall.runner;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs an attempt in-process, with real child processes, capturing what would be streamed live. */
public final class Attempts {
    /** The result plus what the runner streamed to its stdout and stderr. */
    public record Run(ExecutionResult result, String liveStdout, String liveStderr) {}

    private Attempts() {}

    public static Run run(ExecutionRequest request) {
        return run(request, Map.of(), new Cancellation());
    }

    public static Run run(ExecutionRequest request, Map<String, String> settings, Cancellation cancellation) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(settings);
        RunnerConfig config = RunnerConfig.from(env, new String[] {"request-given-in-process.json"});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutionResult result = new ExecutionAttempt(config, env, out, err).run(request, cancellation);
        return new Run(result, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
