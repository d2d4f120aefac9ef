package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.PackConfigRef;
import io.squall.engine.config.PackConfigText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Action's pack config ({@code spec.packConfig}) for one attempt: the ConfigMap's keys, then the Secret's (a
 * key in both takes the Secret's value), each text decoded by {@link PackConfigText}, in the Execution's namespace.
 * It travels in the request Secret only; the Secret's keys are listed as secret so the runner masks their values.
 * A ConfigMap or Secret that does not exist fails the attempt naming it.
 */
final class PackConfigSources {

    private PackConfigSources() {}

    static ExecutionRequest withConfig(ExecutionRequest request, KubernetesClient client, ActionSpec action) {
        PackConfigRef ref = action.packConfig;
        if (ref == null || ref.configMap == null && ref.secret == null) {
            return request;
        }
        String namespace = request.namespace();
        Map<String, JsonNode> config = new LinkedHashMap<>();
        List<String> secretKeys = new ArrayList<>();
        if (ref.configMap != null) {
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(ref.configMap)
                    .get();
            if (map == null) {
                throw new ExecutionSetupException("spec.packConfig.configMap: ConfigMap " + ref.configMap
                        + " does not exist in namespace " + namespace);
            }
            if (map.getData() != null) {
                map.getData().forEach((key, text) -> config.put(key, PackConfigText.decode(text)));
            }
        }
        if (ref.secret != null) {
            Secret secret =
                    client.secrets().inNamespace(namespace).withName(ref.secret).get();
            if (secret == null) {
                throw new ExecutionSetupException(
                        "spec.packConfig.secret: Secret " + ref.secret + " does not exist in namespace " + namespace);
            }
            SecretTexts.of(secret).forEach((key, text) -> {
                config.put(key, PackConfigText.decode(text));
                secretKeys.add(key);
            });
        }
        return request.withConfig(config, secretKeys);
    }
}
