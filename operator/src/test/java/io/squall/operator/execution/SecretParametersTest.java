package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Secret of secret parameter values, the same for the rules engine and the workflow engine. */
class SecretParametersTest {

    private static ParameterSpec secret(boolean secret) {
        ParameterSpec spec = new ParameterSpec();
        spec.secret = secret;
        return spec;
    }

    @Test
    void onlyNonNullValuesOfSecretParametersGoIntoTheSecretAsJson() {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        parameters.put("token", JsonNodeFactory.instance.textNode("s3cret"));
        parameters.put("password", null);
        parameters.put("message", JsonNodeFactory.instance.textNode("hi"));

        Secret secret = SecretParameters.of(
                "ns",
                "run-1",
                parameters,
                Map.of("token", secret(true), "password", secret(true), "message", secret(false)));

        assertThat(secret.getMetadata().getName()).isEqualTo(Names.secretParametersName("run-1"));
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(secret.getMetadata().getLabels())
                .containsEntry(Names.LABEL_EXECUTION, "run-1")
                .containsEntry(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
        assertThat(secret.getData()).containsOnlyKeys("token");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("\"s3cret\"");
    }

    @Test
    void withoutSecretValuesThereIsNoSecret() {
        assertThat(SecretParameters.of(
                        "ns",
                        "run-2",
                        Map.of("message", JsonNodeFactory.instance.textNode("hi")),
                        Map.of("message", secret(false))))
                .isNull();
        assertThat(SecretParameters.of("ns", "run-3", null, null)).isNull();
    }
}
