package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Secret's values as text, as a pod sees them: {@code data} decoded, {@code stringData} over it. */
final class SecretTexts {

    private SecretTexts() {}

    static Map<String, String> of(Secret secret) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((key, base64) ->
                            texts.put(key, new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            texts.putAll(secret.getStringData());
        }
        return texts;
    }
}
