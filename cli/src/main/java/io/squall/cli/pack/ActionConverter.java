package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.HttpSpec;
import io.squall.api.v1alpha1.PackConfigRef;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.api.v1alpha1.ScriptRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One StackStorm action (actions/NAME.yaml) of a runner Squall has (local-shell-cmd, local-shell-script,
 * python-script, http-request, noop) as a Squall Action. The runner's own parameters become Action fields
 * (cmd → command, timeout, cwd, env, url → http.url, ...); a script entry point goes into the pack's scripts
 * ConfigMap.
 */
final class ActionConverter {
    /** StackStorm's runner parameters, per runner (contrib/runners/NAME/runner.yaml). */
    static final Map<String, Set<String>> RUNNER_PARAMETERS = Map.of(
            "local-shell-cmd", Set.of("cmd", "cwd", "env", "kwarg_op", "sudo", "sudo_password", "timeout"),
            "local-shell-script",
                    Set.of("cwd", "env", "kwarg_op", "sudo", "sudo_password", "timeout", "debug", "content_version"),
            "python-script", Set.of("env", "timeout", "log_level", "debug", "content_version"),
            "http-request",
                    Set.of(
                            "url",
                            "headers",
                            "cookies",
                            "username",
                            "password",
                            "http_proxy",
                            "https_proxy",
                            "allow_redirects",
                            "verify_ssl_cert",
                            "url_hosts_blacklist",
                            "url_hosts_whitelist",
                            "method",
                            "body",
                            "params",
                            "auth",
                            "timeout",
                            "file_path",
                            "file_name",
                            "file_content",
                            "file_content_type"),
            "noop", Set.of());
    /** http-request parameters Squall's http runner has no field for. */
    private static final Set<String> HTTP_UNSUPPORTED = Set.of(
            "cookies",
            "username",
            "password",
            "http_proxy",
            "https_proxy",
            "allow_redirects",
            "url_hosts_blacklist",
            "url_hosts_whitelist",
            "auth",
            "file_path",
            "file_name",
            "file_content",
            "file_content_type");
    /** The part of st2common Squall's python runner provides. */
    private static final Pattern ST2_ACTION_IMPORT =
            Pattern.compile("from\\s+st2common\\.runners\\.base_action\\s+import\\s+Action\\b");

    private static final Pattern CLASS = Pattern.compile("(?m)^class\\s+(\\w+)");
    private static final Pattern RUN_METHOD = Pattern.compile("(?m)^\\s+def\\s+run\\s*\\(\\s*self");

    private final ImportContext context;
    private final ImportedPack out;
    private final ParameterConverter parameters;

    ActionConverter(ImportContext context, ImportedPack out) {
        this.context = context;
        this.out = out;
        this.parameters = new ParameterConverter(context);
    }

    static boolean handles(String runner) {
        return RUNNER_PARAMETERS.containsKey(runner);
    }

    ActionSpec convert(JsonNode meta, String runner, String file, String what) {
        ActionSpec spec = new ActionSpec();
        String description = meta.path("description").asText("");
        spec.description = description.isBlank() ? null : description;
        if (meta.has("enabled") && !meta.get("enabled").asBoolean(true)) {
            spec.enabled = false;
        }
        JsonNode params = meta.path("parameters");
        spec.parameters = parameters.convert(params, RUNNER_PARAMETERS.get(runner), file, what);
        spec.timeout = timeout(params, file, what);
        switch (runner) {
            case "local-shell-cmd" -> shell(spec, params, file, what);
            case "local-shell-script" -> script(spec, meta, params, file, what, RunnerType.SCRIPT);
            case "python-script" -> script(spec, meta, params, file, what, RunnerType.PYTHON);
            case "http-request" -> http(spec, params, file, what);
            default -> spec.runner = RunnerType.NOOP;
        }
        if (!runner.equals("http-request") && !runner.equals("noop")) {
            environment(spec, params, file, what);
        }
        for (String key : List.of("notify", "output_schema", "tags")) {
            if (meta.has(key)) {
                context.report.changed(file, what, "'" + key + "' not kept (Squall Actions have no " + key + ")");
            }
        }
        return spec;
    }

    /** local-shell-cmd: an immutable cmd is the command itself; otherwise cmd stays a parameter the command renders. */
    private void shell(ActionSpec spec, JsonNode params, String file, String what) {
        spec.runner = RunnerType.SHELL;
        JsonNode cmd = params.path("cmd");
        String fixed = ParameterConverter.text(cmd.get("default"));
        if (fixed != null && cmd.path("immutable").asBoolean(false)) {
            spec.command = fixed;
            return;
        }
        spec.command = "{{ cmd }}";
        Map<String, ParameterSpec> withCmd = new LinkedHashMap<>();
        if (params.has("cmd")) {
            withCmd.putAll(parameters.convert(only("cmd", cmd), Set.of(), file, what));
        }
        if (withCmd.isEmpty()) {
            ParameterSpec p = new ParameterSpec();
            p.type = ParameterType.STRING;
            p.required = true;
            p.description = "The command, run with bash -c (StackStorm's cmd).";
            withCmd.put("cmd", p);
        }
        withCmd.putAll(spec.parameters);
        spec.parameters = withCmd;
    }

    private void script(ActionSpec spec, JsonNode meta, JsonNode params, String file, String what, RunnerType runner) {
        spec.runner = runner;
        String entryPoint = meta.path("entry_point").asText("");
        Path script = context.pack.dir().resolve("actions").resolve(entryPoint).normalize();
        if (entryPoint.isBlank() || !Files.isRegularFile(script) || !script.startsWith(context.pack.dir())) {
            throw new LeftOut("entry_point '" + entryPoint + "' is not a file under actions/");
        }
        String text = context.pack.text(script);
        String key = PackNames.configMapKey(entryPoint);
        out.scripts.put(key, text);
        spec.scriptRef = new ScriptRef();
        spec.scriptRef.configMap = out.scriptsConfigMap();
        spec.scriptRef.key = key;
        if (runner == RunnerType.PYTHON) {
            python(spec, text, file, what);
        } else if (params.path("kwarg_op").has("default")
                && !"--".equals(params.path("kwarg_op").get("default").asText())) {
            context.report.changed(
                    file,
                    what,
                    "kwarg_op " + params.path("kwarg_op").get("default")
                            + " not kept: Squall's script runner passes named parameters as --name=value");
        }
        if (context.pack.has("lib") || context.pack.has("actions/lib")) {
            context.report.changed(
                    file,
                    what,
                    "only its entry point " + entryPoint + " is shipped (ConfigMap " + out.scriptsConfigMap() + " key "
                            + key + "): files it imports from the pack's lib/ are not");
        }
    }

    /**
     * StackStorm runs {@code class X(Action)}'s run(**params); Squall's python runner calls Class.method and provides
     * StackStorm's Action class: self.config from the pack config's ConfigMap and Secret (spec.packConfig),
     * self.action_service on the namespace's datastore (local keys need spec.pack), the pack's requirements.txt
     * pip-installed for each run (spec.requirements).
     */
    private void python(ActionSpec spec, String text, String file, String what) {
        spec.entryPoint = entryPoint(text);
        spec.pack = context.pack.ref();
        if (context.packConfig != null) {
            spec.packConfig = new PackConfigRef();
            spec.packConfig.configMap = context.packConfig.configMap;
            spec.packConfig.secret = context.packConfig.secret;
        }
        if (text.contains("st2common")) {
            if (ST2_ACTION_IMPORT.matcher(text).replaceAll("").contains("st2common")) {
                context.report.notRunnable(file, what, "its script uses st2common beyond runners.base_action.Action");
            } else {
                context.report.changed(
                        file,
                        what,
                        "runs on Squall's StackStorm Action class (run(**parameters), "
                                + "self.logger, self.config from "
                                + (spec.packConfig == null ? "no pack config: it is empty" : "spec.packConfig")
                                + ", self.action_service on the namespace's datastore)");
            }
        }
        if (context.pack.has("requirements.txt")) {
            spec.requirements =
                    requirements(context.pack.text(context.pack.dir().resolve("requirements.txt")));
            context.report.changed(
                    file,
                    what,
                    "the pack's requirements.txt is spec.requirements, pip-installed for "
                            + "each run: that needs a pip index the runner pod reaches; without one, build an image with "
                            + "them, set spec.image and drop spec.requirements");
        }
    }

    /** requirements.txt's requirement lines, without comments and blank lines. */
    static List<String> requirements(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String requirement = line.replaceFirst("(^|\\s)#.*$", "").strip();
            if (!requirement.isEmpty()) {
                lines.add(requirement);
            }
        }
        return lines;
    }

    /** The class whose run(self, ...) method StackStorm would call: the last class defined before that method. */
    static String entryPoint(String script) {
        Matcher run = RUN_METHOD.matcher(script);
        if (!run.find()) {
            return "run";
        }
        String owner = null;
        Matcher c = CLASS.matcher(script);
        while (c.find() && c.start() < run.start()) {
            owner = c.group(1);
        }
        return owner == null ? "run" : owner + ".run";
    }

    private void http(ActionSpec spec, JsonNode params, String file, String what) {
        spec.runner = RunnerType.HTTP;
        HttpSpec http = new HttpSpec();
        if (!params.has("url")) {
            throw new LeftOut("an http-request action without a url parameter");
        }
        http.url = "{{ url }}";
        spec.parameters = withRunnerParameter(spec, params, "url", file, what);
        if (params.has("body")) {
            http.body = "{{ body }}";
            spec.parameters = withRunnerParameter(spec, params, "body", file, what);
        }
        String method = ParameterConverter.text(params.path("method").get("default"));
        if (method != null) {
            try {
                http.method = HttpSpec.Method.valueOf(method.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                context.report.changed(file, what, "method " + method + " is not one Squall's http runner has: GET");
            }
            fixed(params, "method", file, what);
        }
        http.headers = stringMap(params, "headers", file, what);
        http.params = stringMap(params, "params", file, what);
        JsonNode verify = params.path("verify_ssl_cert").get("default");
        if (verify != null && !verify.asBoolean(true)) {
            http.verifyTls = false;
        }
        for (String unsupported : HTTP_UNSUPPORTED) {
            if (params.has(unsupported)) {
                context.report.changed(
                        file,
                        what,
                        "http-request parameter " + unsupported
                                + " not kept: Squall's http runner has no such setting");
            }
        }
        spec.http = http;
    }

    /** A runner parameter that stays a parameter (url, body): rendered into the request by Squall's http runner. */
    private Map<String, ParameterSpec> withRunnerParameter(
            ActionSpec spec, JsonNode params, String name, String file, String what) {
        Map<String, ParameterSpec> all = new LinkedHashMap<>(spec.parameters);
        all.putAll(parameters.convert(only(name, params.get(name)), Set.of(), file, what));
        return all;
    }

    private void fixed(JsonNode params, String name, String file, String what) {
        if (!params.path(name).path("immutable").asBoolean(false)) {
            context.report.changed(
                    file, what, name + " is fixed at its default (callers could change it in StackStorm)");
        }
    }

    /** headers or params: fixed in the Action at the parameter's default (values may be Jinja over parameters). */
    private Map<String, String> stringMap(JsonNode params, String name, String file, String what) {
        JsonNode value = params.path(name).get("default");
        if (value == null || !value.isObject() || value.isEmpty()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> map.put(e.getKey(), ParameterConverter.text(e.getValue())));
        fixed(params, name, file, what);
        return map;
    }

    private Integer timeout(JsonNode params, String file, String what) {
        JsonNode t = params.path("timeout").get("default");
        if (t == null) {
            return null;
        }
        if (!t.canConvertToInt() || t.asInt() < 1 || t.asInt() > 86400) {
            context.report.changed(file, what, "timeout " + t + " is outside 1..86400 s: Squall's default applies");
            return null;
        }
        fixed(params, "timeout", file, what);
        return t.asInt();
    }

    private void environment(ActionSpec spec, JsonNode params, String file, String what) {
        String cwd = ParameterConverter.text(params.path("cwd").get("default"));
        if (cwd != null && !cwd.isBlank()) {
            spec.cwd = cwd;
        }
        JsonNode env = params.path("env").get("default");
        if (env != null && env.isObject() && !env.isEmpty()) {
            spec.env = new LinkedHashMap<>();
            env.fields().forEachRemaining(f -> spec.env.put(f.getKey(), ParameterConverter.text(f.getValue())));
        }
        if (params.path("sudo").path("default").asBoolean(false)) {
            context.report.changed(file, what, "sudo not kept: the runner pod runs the command as its image's user");
        }
    }

    private static JsonNode only(String name, JsonNode schema) {
        return JsonNodeFactory.instance.objectNode().set(name, schema);
    }

    /** The action cannot be converted; the message says why. */
    static final class LeftOut extends RuntimeException {
        LeftOut(String reason) {
            super(reason);
        }
    }
}
