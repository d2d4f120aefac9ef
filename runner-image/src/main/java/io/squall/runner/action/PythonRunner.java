package io.squall.runner.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import io.squall.runner.datastore.ActionServiceOperations;
import io.squall.runner.datastore.DatastoreBridge;
import io.squall.runner.process.ProcessRun;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * StackStorm python-script: a fresh {@code python3} runs a small wrapper that imports the script and
 * calls its {@code entryPoint} (default {@code run}) with the parameters as keyword arguments; a StackStorm
 * {@code Action} class gets the pack config as {@code self.config} and the datastore as {@code self.action_service}
 * (through a {@link DatastoreBridge} on loopback). Parameters, config and the bridge's token travel in a private
 * temp file the wrapper deletes after reading; the return value comes back in another file, so the action's own
 * stdout stays free. The action's {@code requirements} are pip-installed first ({@link PythonRequirements}).
 * Result: {@code {result, stdout, stderr, exit_code}}; failed on a non-zero exit (an exception exits with 1) or a
 * returned {@code (False, value)}.
 */
public final class PythonRunner implements ActionRunner {
    public static final String DEFAULT_ENTRY_POINT = "run";
    private static final String WRAPPER = loadWrapper();

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, IOException, InterruptedException {
        long started = System.nanoTime();
        ActionSpec action = request.action();
        String entryPoint =
                action.entryPoint == null || action.entryPoint.isBlank() ? DEFAULT_ENTRY_POINT : action.entryPoint;
        String script = ScriptSource.load(action, context, "python");
        Path dir = context.workDir();
        Path scriptFile = ScriptSource.write(script, dir, "action.py");
        Path wrapper = ScriptSource.write(WRAPPER, dir, "squall_python_wrapper.py");
        Path resultFile = dir.resolve("result.json");

        Map<String, String> env = context.environmentFor(action);
        env.put("PYTHONUNBUFFERED", "1"); // live logs
        env.put("PYTHONDONTWRITEBYTECODE", "1"); // read-only root file system friendly
        Path packages = dir.resolve("python-packages");
        Optional<ActionOutcome> notInstalled =
                PythonRequirements.install(action.requirements, packages, env, context, context.timeout());
        if (notInstalled.isPresent()) {
            return notInstalled.get();
        }
        if (Files.isDirectory(packages)) {
            String path = env.get("PYTHONPATH");
            env.put(
                    "PYTHONPATH",
                    path == null || path.isEmpty() ? packages.toString() : packages + File.pathSeparator + path);
        }
        Duration left = context.timeout().minusNanos(System.nanoTime() - started);
        try (DatastoreBridge bridge =
                DatastoreBridge.start(new ActionServiceOperations(context.datastore(), request.namespace()))) {
            Path invocation = writePrivate(dir.resolve("invocation.json"), Json.toBytes(invocation(request, bridge)));
            ProcessRun run = context.processes()
                    .run(
                            List.of(
                                    "python3",
                                    wrapper.toString(),
                                    scriptFile.toString(),
                                    entryPoint,
                                    invocation.toString(),
                                    resultFile.toString()),
                            env,
                            context.workingDirectoryFor(action),
                            left.isNegative() ? Duration.ofMillis(1) : left);
            return outcome(run, readResult(resultFile), context);
        }
    }

    /** What the wrapper reads: the parameters, and for StackStorm's Action class the pack, its config, the bridge. */
    private static ObjectNode invocation(ExecutionRequest request, DatastoreBridge bridge) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode parameters = out.putObject("parameters");
        request.parameters().forEach(parameters::set);
        ObjectNode config = out.putObject("config");
        request.config().forEach(config::set);
        out.put("pack", request.action().pack);
        out.putObject("datastore").put("port", bridge.port()).put("token", bridge.token());
        return out;
    }

    private static ActionOutcome outcome(ProcessRun run, JsonNode wrapperOutput, RunContext context) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("result", wrapperOutput == null ? NullNode.getInstance() : wrapperOutput.path("result"));
        ShellResult.putOutput(result, "stdout", run.stdout(), false);
        ShellResult.putOutput(result, "stderr", run.stderr(), false);
        result.put("exit_code", run.exitCode());
        return switch (run.termination()) {
            case TIMED_OUT ->
                ShellResult.withError(result, Outcome.timedout, ShellResult.timedOutMessage(context.timeout()));
            case CANCELED -> ShellResult.withError(result, Outcome.canceled, "the execution was canceled");
            case EXITED -> {
                if (run.exitCode() != 0) {
                    yield new ActionOutcome(
                            Outcome.failed,
                            result,
                            "the python action exited with code " + run.exitCode()
                                    + lastLine(run.stderr().text()));
                }
                if (wrapperOutput != null
                        && wrapperOutput.path("status").isBoolean()
                        && !wrapperOutput.path("status").asBoolean()) {
                    yield new ActionOutcome(Outcome.failed, result, "the python action returned (False, result)");
                }
                yield ActionOutcome.succeeded(result);
            }
        };
    }

    /** The wrapper's output, or null when the action never returned (exception, sys.exit, kill). */
    private static JsonNode readResult(Path resultFile) throws IOException {
        if (!Files.exists(resultFile)) {
            return null;
        }
        return Json.mapper().readTree(resultFile.toFile());
    }

    /** The last line of stderr (for an exception: "ValueError: ..."), to make the error say why. */
    private static String lastLine(String stderr) {
        String trimmed = stderr.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        return ": " + trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }

    private static Path writePrivate(Path file, byte[] content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
        return file;
    }

    private static String loadWrapper() {
        try (InputStream in = PythonRunner.class.getResourceAsStream("python_wrapper.py")) {
            if (in == null) {
                throw new IllegalStateException("python_wrapper.py is missing from the runner jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
