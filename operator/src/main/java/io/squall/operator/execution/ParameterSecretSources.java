package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the parameters an Action takes from Secrets ({@code parameters.<name>.valueFrom.secretKeyRef}) for an attempt,
 * when the Execution does not give them: the value is the Secret key's text, secret and never rendered. A missing
 * Secret or key fails the attempt naming the parameter, the Secret and the key, unless the reference is optional.
 */
final class ParameterSecretSources {

    private ParameterSecretSources() {}

    static Map<String, JsonNode> read(KubernetesClient client, Execution execution, ActionSpec action) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (action.parameters == null) {
            return values;
        }
        String namespace = execution.getMetadata().getNamespace();
        action.parameters.forEach((name, declared) -> {
            if (declared == null || declared.valueFrom == null || declared.valueFrom.secretKeyRef == null) {
                return;
            }
            var given = execution.getSpec().parameters;
            if (given != null && given.containsKey(name)) {
                return;
            }
            SecretKeySelector ref = declared.valueFrom.secretKeyRef;
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
            String value = secret == null ? null : SecretTexts.of(secret).get(ref.getKey());
            if (value != null) {
                values.put(name, TextNode.valueOf(value));
            } else if (!optional) {
                throw new ExecutionSetupException("parameter '" + name + "': "
                        + (secret == null
                                ? "the Secret " + ref.getName() + " does not exist in namespace " + namespace
                                : "the Secret " + ref.getName() + " has no key " + ref.getKey())
                        + " (spec.parameters." + name + ".valueFrom.secretKeyRef of the Action)");
            }
        });
        return values;
    }
}
