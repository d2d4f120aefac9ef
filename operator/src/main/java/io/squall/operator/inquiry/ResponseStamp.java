package io.squall.operator.inquiry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admission webhook's record of who answered an inquiry, as two annotations: {@value #RESPONDED_BY} (the
 * username the API server authenticated) and {@value #SIGNATURE}, an HMAC-SHA256, with a key only the operator holds,
 * of the Execution's uid, that username and the response. Anyone who may patch the Execution can write annotations,
 * but not a signature that verifies: a response written around the webhook, edited after it, or moved to another
 * Execution carries no valid stamp.
 */
public final class ResponseStamp {
    public static final String RESPONDED_BY = "squall.io/responded-by";
    public static final String SIGNATURE = "squall.io/response-stamp";
    private static final String ALGORITHM = "HmacSHA256";
    /** Sorted keys: the same response signs the same whatever order its JSON came in. */
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final SecretKeySpec key;

    public ResponseStamp(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the response stamp key must have at least 16 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** The {@value #SIGNATURE} annotation's value for {@code username} answering {@code response}. */
    public String sign(String uid, String username, JsonNode response) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            for (String part : new String[] {uid, username, canonical(response)}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII)); // unambiguous parts
                mac.update((byte) ':');
                mac.update(bytes);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    /** The responder the annotations name, when their signature is the webhook's for this uid and response. */
    public Optional<String> verifiedResponder(String uid, Map<String, String> annotations, JsonNode response) {
        String username = annotations == null ? null : annotations.get(RESPONDED_BY);
        String signature = annotations == null ? null : annotations.get(SIGNATURE);
        if (username == null || signature == null || uid == null || response == null || response.isNull()) {
            return Optional.empty();
        }
        byte[] expected = sign(uid, username, response).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))
                ? Optional.of(username)
                : Optional.empty();
    }

    private static String canonical(JsonNode response) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(response, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the response cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
