package io.squall.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.RunnerType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheOperatorsRequest() throws Exception {
        Path file = write("""
                {"namespace": "ops", "execution": "restart-web-7f3", "attempt": 2, "actionName": "core.local",
                 "action": {"runner": "shell", "command": "echo hi", "resources": "the runner does not read this",
                            "retry": {"count": "nor this"}, "parameters": {"cmd": {"type": "string", "position": 0}}},
                 "parameters": {"cmd": "echo hi", "password": "x"}, "secretParameters": ["password"],
                 "timeoutSeconds": 30, "someFutureField": true}
                """);
        ExecutionRequest request = RequestReader.read(file);
        assertThat(request.execution()).isEqualTo("restart-web-7f3");
        assertThat(request.attempt()).isEqualTo(2);
        assertThat(request.action().runner).isEqualTo(RunnerType.SHELL);
        assertThat(request.action().resources).isNull();
        assertThat(request.action().parameters.get("cmd").position).isZero();
        assertThat(request.parameters().get("password").asText()).isEqualTo("x");
        assertThat(request.secretParameters()).containsExactly("password");
        assertThat(request.timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void problemsNameTheFileAndField() throws Exception {
        assertThatThrownBy(() -> RequestReader.read(dir.resolve("absent.json")))
                .hasMessageContaining("absent.json does not exist (set SQUALL_REQUEST_FILE");
        assertThatThrownBy(() -> RequestReader.read(write("{not json")))
                .hasMessageContaining("is not a valid ExecutionRequest");
        assertThatThrownBy(() -> RequestReader.read(write("{\"namespace\": \"ops\"}")))
                .hasMessageEndingWith("field 'execution' is missing");
        assertThatThrownBy(() -> RequestReader.read(write("{\"namespace\": \"a.b\", \"execution\": \"e\"}")))
                .hasMessageContaining("field 'namespace' not a valid subject token");
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(dir, "request", ".json");
        Files.writeString(file, json);
        return file;
    }
}
