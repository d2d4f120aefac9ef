package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secret an Execution's secret parameter values travel in, the same for whoever creates the Execution (the
 * rules engine, the workflow engine): {@link Names#secretParametersName}, one key per parameter, value = its JSON.
 * The Execution's spec shows them as {@value Names#MASK}; {@link ExecutionCreator} creates the Secret first and
 * then makes the Execution its owner.
 */
public final class SecretParameters {

    private SecretParameters() {}

    /**
     * @param parameters the execution's parameters, clear values
     * @param declared   the target's parameter declarations (null: none)
     * @return the Secret of the non-null values of parameters declared secret, or null when there are none
     */
    public static Secret of(
            String namespace, String execution, Map<String, JsonNode> parameters, Map<String, ParameterSpec> declared) {
        Map<String, String> data = new LinkedHashMap<>();
        if (parameters != null && declared != null) {
            parameters.forEach((parameter, value) -> {
                ParameterSpec declaration = declared.get(parameter);
                if (declaration != null && Boolean.TRUE.equals(declaration.secret) && value != null) {
                    data.put(parameter, Base64.getEncoder().encodeToString(Json.toBytes(value)));
                }
            });
        }
        if (data.isEmpty()) {
            return null;
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withName(Names.secretParametersName(execution))
                .withNamespace(namespace)
                .addToLabels(Names.LABEL_EXECUTION, LabelValues.of(execution))
                .addToLabels(Names.LABEL_MANAGED_BY, Names.MANAGED_BY)
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }
}
