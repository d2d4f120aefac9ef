package io.squall.runner;

import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.datastore.RunnerDatastore;
import io.squall.runner.process.ProcessLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a runner needs besides the request: the time it has, how to start processes, where it
 * may write files, the environment its processes inherit and the script mounted from a ConfigMap.
 *
 * @param environment      the environment every action process starts from (runner secrets already removed)
 * @param scriptFile       the file {@code SQUALL_SCRIPT_FILE} names, for actions with a {@code scriptRef}
 * @param outputLimitBytes how many bytes of each output stream are kept (the tail)
 * @param datastore        the datastore python actions reach through {@code action_service}
 */
public record RunContext(
        Duration timeout,
        ProcessLauncher processes,
        Path workDir,
        Map<String, String> environment,
        Optional<Path> scriptFile,
        int outputLimitBytes,
        Cancellation cancellation,
        RunnerDatastore datastore) {

    /** The base environment plus the action's {@code env}. */
    public Map<String, String> environmentFor(ActionSpec action) {
        Map<String, String> env = new HashMap<>(environment);
        if (action.env != null) {
            action.env.forEach((name, value) -> env.put(name, value == null ? "" : value));
        }
        return env;
    }

    /** The action's {@code cwd}, or the attempt's private work directory. */
    public Path workingDirectoryFor(ActionSpec action) throws ActionConfigException {
        if (action.cwd == null || action.cwd.isBlank()) {
            return workDir;
        }
        Path cwd = Path.of(action.cwd);
        if (!Files.isDirectory(cwd)) {
            throw new ActionConfigException("action.cwd", "'" + action.cwd + "' is not a directory");
        }
        return cwd;
    }
}
