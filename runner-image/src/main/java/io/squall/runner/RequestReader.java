package io.squall.runner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.ActionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the {@link ExecutionRequest} JSON and checks what is needed to address a result (namespace,
 * execution, attempt). Problems with the action itself are reported later as a failed result.
 */
public final class RequestReader {
    /**
     * The wire's JSON configuration, reading only the ActionSpec fields a runner uses: building
     * deserialisers for the others (resources, retry, concurrency...) costs start-up time, and a
     * malformed value there must not keep the action from running.
     */
    private static final ObjectMapper MAPPER = Json.mapper().copy().addMixIn(ActionSpec.class, RunnerFields.class);

    @JsonIgnoreProperties({"description", "image", "resources", "serviceAccountName", "retry", "concurrency", "enabled"
    })
    private interface RunnerFields {}

    private RequestReader() {}

    public static ExecutionRequest read(Path file) throws InvalidRequestException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException(
                    "request file " + file + " does not exist (set " + RunnerConfig.REQUEST_FILE
                            + " or pass the path as the first argument)",
                    e);
        } catch (IOException e) {
            throw new InvalidRequestException("cannot read request file " + file + ": " + e, e);
        }
        ExecutionRequest request;
        try {
            request = MAPPER.readValue(data, ExecutionRequest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(
                    "request file " + file + " is not a valid ExecutionRequest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRequestException("request file " + file + " is not a valid ExecutionRequest: " + e, e);
        }
        if (request == null) {
            throw new InvalidRequestException("request file " + file + " is empty (JSON null)");
        }
        requireToken(file, "namespace", request.namespace());
        requireToken(file, "execution", request.execution());
        if (request.attempt() < 0) {
            throw new InvalidRequestException(
                    "request file " + file + ": field 'attempt' must be >= 0, got " + request.attempt());
        }
        return request;
    }

    private static void requireToken(Path file, String field, String value) throws InvalidRequestException {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("request file " + file + ": field '" + field + "' is missing");
        }
        try {
            Subjects.result(value, "x");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("request file " + file + ": field '" + field + "' " + e.getMessage(), e);
        }
    }
}
