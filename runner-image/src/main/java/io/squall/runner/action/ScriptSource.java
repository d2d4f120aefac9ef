package io.squall.runner.action;

import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.RunContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The script of a script or python action: inline {@code action.script}, or, when {@code action.scriptRef}
 * is set, the ConfigMap key the operator mounted into the pod at the path in {@code SQUALL_SCRIPT_FILE}.
 */
final class ScriptSource {
    private ScriptSource() {}

    static String load(ActionSpec action, RunContext context, String runner) throws ActionConfigException {
        if (action.scriptRef != null) {
            Path file = context.scriptFile()
                    .orElseThrow(
                            () -> new ActionConfigException(
                                    "action.scriptRef",
                                    "is set but SQUALL_SCRIPT_FILE is not: the ConfigMap key must be mounted and its path given there"));
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ActionConfigException(
                        "action.scriptRef",
                        "(ConfigMap " + action.scriptRef.configMap + ", key " + action.scriptRef.key + "): cannot read "
                                + file + " (SQUALL_SCRIPT_FILE): " + e,
                        e);
            }
        }
        if (action.script == null || action.script.isBlank()) {
            throw new ActionConfigException(
                    "action.script", "(or action.scriptRef) is required by the " + runner + " runner");
        }
        return action.script;
    }

    /** Writes the script into the attempt's private directory, readable and executable by the owner only. */
    static Path write(String script, Path directory, String fileName) throws IOException {
        Path file = directory.resolve(fileName);
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
