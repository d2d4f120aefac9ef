package io.squall.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.ParameterType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void masksEveryOccurrenceInText() {
        SecretMasker masker = new SecretMasker(Set.of("hunter2"));
        assertThat(masker.mask("pw=hunter2; again hunter2.")).isEqualTo("pw=********; again ********.");
    }

    @Test
    void masksTheLongerSecretWholeWhenOneContainsAnother() {
        SecretMasker masker = new SecretMasker(Set.of("abc", "abcdef"));
        assertThat(masker.mask("xabcdefx abc")).isEqualTo("x********x ********");
        assertThat(new String(masker.mask("xabcdefx abc".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("x********x ********");
    }

    @Test
    void masksASecretSplitAcrossEveryPossibleChunkBoundary() {
        SecretMasker masker = new SecretMasker(Set.of("s3cr3t-välue"));
        byte[] data = "before s3cr3t-välue after\nand s3cr3t-välue".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= data.length; cut++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SecretMasker.Streaming streaming = masker.streaming(out::writeBytes);
            streaming.write(data, 0, cut);
            streaming.write(data, cut, data.length - cut);
            streaming.finish();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .as("cut at %d", cut)
                    .isEqualTo("before ******** after\nand ********");
        }
    }

    @Test
    void streamingPassesOutputOnAtOnceExceptWhatMayStartASecret() {
        SecretMasker masker = new SecretMasker(Set.of("topsecret"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecretMasker.Streaming streaming = masker.streaming(out::writeBytes);
        byte[] line = "progress 10%\n".getBytes(StandardCharsets.UTF_8);
        streaming.write(line, 0, line.length);
        // nothing in it can start the secret: the whole line is out before more output comes
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\n");
        byte[] partial = "token: top".getBytes(StandardCharsets.UTF_8);
        streaming.write(partial, 0, partial.length);
        // "top" may be the start of "topsecret": held back until the next bytes tell
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\ntoken: ");
        byte[] rest = "secret and topping\n".getBytes(StandardCharsets.UTF_8);
        streaming.write(rest, 0, rest.length);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\ntoken: ******** and topping\n");
        streaming.finish();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\ntoken: ******** and topping\n");
    }

    @Test
    void masksStringsAndFieldNamesInAJsonTree() {
        SecretMasker masker = new SecretMasker(Set.of("pw1"));
        JsonNode tree = Json.mapper().valueToTree(Map.of("a", List.of("x pw1 y", 3), "pw1", true));
        assertThat(masker.mask(tree).toString())
                .doesNotContain("pw1")
                .contains("x ******** y")
                .contains("3");
    }

    @Test
    void secretsAreTheListedParametersAndThoseTheActionDeclaresSecret() {
        ActionSpec action = TestRequests.shell("true");
        action.parameters.put("token", TestRequests.parameter(ParameterType.STRING, null));
        action.parameters.get("token").secret = true;
        var request = TestRequests.request(
                action,
                Map.of("password", "p4ss", "token", "t0ken", "user", "alice", "keys", List.of("k1", "k2")),
                List.of("password", "keys"),
                0);
        SecretMasker masker = SecretMasker.forRequest(request);
        assertThat(masker.mask("alice p4ss t0ken k1 k2 [\"k1\",\"k2\"]"))
                .isEqualTo("alice ******** ******** ******** ******** ********");
    }

    @Test
    void withoutSecretsNothingChanges() {
        SecretMasker masker = SecretMasker.none();
        assertThat(masker.hasSecrets()).isFalse();
        assertThat(masker.mask("anything")).isEqualTo("anything");
    }
}
