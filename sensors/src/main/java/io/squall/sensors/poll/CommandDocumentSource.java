package io.squall.sensors.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a command (argv, no shell) and reads its stdout as the JSON document. */
public final class CommandDocumentSource implements DocumentSource {
    private static final int MAX_STDERR_BYTES = 64 * 1024;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "squall-poll-command-output");
        thread.setDaemon(true);
        return thread;
    });

    private final List<String> command;
    private final Duration timeout;

    public CommandDocumentSource(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public JsonNode fetch() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // the command needs no NATS credentials
        builder.environment().keySet().removeIf(name -> name.startsWith("SQUALL_NATS_"));
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            CompletableFuture<byte[]> stdout =
                    CompletableFuture.supplyAsync(() -> readStdout(process.getInputStream()), READERS);
            CompletableFuture<byte[]> stderr =
                    CompletableFuture.supplyAsync(() -> readStderr(process.getErrorStream()), READERS);
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (stdout.isCompletedExceptionally()) {
                throw new IOException(
                        stdout.handle((ok, error) -> error.getCause().getMessage())
                                .join());
            }
            if (!finished) {
                throw new IOException(describe() + " did not finish within " + timeout.toSeconds() + "s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(describe() + " exited with " + process.exitValue() + ": "
                        + new String(stderr.get(), StandardCharsets.UTF_8).strip());
            }
            return Json.mapper().readTree(stdout.get());
        } catch (JsonProcessingException e) {
            throw new IOException(describe() + ": the output is not JSON: " + e.getOriginalMessage(), e);
        } catch (ExecutionException e) {
            throw new IOException(
                    describe() + ": cannot read its output: " + e.getCause().getMessage(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private byte[] readStdout(InputStream in) {
        try {
            return BoundedRead.readAll(in, BoundedRead.MAX_DOCUMENT_BYTES, "the output of " + describe());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static byte[] readStderr(InputStream in) {
        try {
            byte[] all = in.readAllBytes();
            return all.length > MAX_STDERR_BYTES
                    ? Arrays.copyOfRange(all, all.length - MAX_STDERR_BYTES, all.length)
                    : all;
        } catch (IOException e) {
            // only used to explain a failure; say that it could not be read
            return ("(stderr unreadable: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public String describe() {
        return "command " + command;
    }
}
