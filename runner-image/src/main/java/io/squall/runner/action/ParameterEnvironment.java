package io.squall.runner.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.runner.ActionConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every parameter of a shell or script action as an environment variable, {@code SQUALL_PARAM_<NAME>} (the name
 * upper-cased, every character other than A-Z, 0-9 and _ made _): a command that reads {@code "$SQUALL_PARAM_NAME"}
 * gets the value as data, which no quote, {@code $(...)} or backtick in it can escape, unlike a value spliced into the
 * command by a template. Strings are their text, other values compact JSON, null leaves the variable unset. A value
 * over {@value #MAX_ENV_BYTES} bytes (Linux refuses a single environment string over 128 KiB, and all of them
 * together over a few MiB) goes to a private file instead, named by {@code SQUALL_PARAM_<NAME>_FILE}.
 */
public final class ParameterEnvironment {
    public static final String PREFIX = "SQUALL_PARAM_";
    public static final int MAX_ENV_BYTES = 32 * 1024;

    private ParameterEnvironment() {}

    /** The variable name of a parameter. */
    public static String variable(String parameter) {
        StringBuilder name = new StringBuilder(PREFIX);
        for (char c : parameter.toUpperCase(Locale.ROOT).toCharArray()) {
            name.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        return name.toString();
    }

    /**
     * @param fileDir where values too large for the environment are written (the attempt's private directory)
     * @throws ActionConfigException naming the parameter when a value holds a NUL character (no environment variable
     *                               or argument can carry one) or two parameters would share a variable
     */
    public static Map<String, String> of(Map<String, JsonNode> parameters, Path fileDir)
            throws ActionConfigException, IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> owners = new TreeMap<>();
        if (parameters == null) {
            return env;
        }
        for (Map.Entry<String, JsonNode> parameter : new TreeMap<>(parameters).entrySet()) {
            String name = parameter.getKey();
            String variable = variable(name);
            String other = owners.putIfAbsent(variable, name);
            if (other != null) {
                throw new ActionConfigException(
                        "parameters " + other + " and " + name,
                        "would both be the environment variable " + variable + "; rename one of them");
            }
            JsonNode value = parameter.getValue();
            if (value == null || value.isNull() || value.isMissingNode()) {
                continue;
            }
            String text = value.isTextual() ? value.textValue() : value.toString();
            requireNoNul("parameters." + name, text);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length <= MAX_ENV_BYTES) {
                env.put(variable, text);
            } else {
                Path file = fileDir.resolve("param-" + variable.substring(PREFIX.length()));
                Files.write(file, bytes);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                env.put(variable + "_FILE", file.toString());
            }
        }
        return env;
    }

    /** A process argument or environment value cannot hold NUL (the kernel's strings end there): refuse, never cut. */
    public static void requireNoNul(String field, String text) throws ActionConfigException {
        int at = text.indexOf('\0');
        if (at >= 0) {
            throw new ActionConfigException(
                    field,
                    "contains a NUL character (at " + at + "), which no process "
                            + "argument or environment variable can carry");
        }
    }

    static void requireNoNul(String field, List<String> arguments) throws ActionConfigException {
        for (int i = 0; i < arguments.size(); i++) {
            requireNoNul(field + "[" + i + "]", arguments.get(i));
        }
    }
}
