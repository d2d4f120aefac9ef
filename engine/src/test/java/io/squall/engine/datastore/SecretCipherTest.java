package io.squall.engine.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private final SecretCipher cipher =
            new SecretCipher("a key of the chart's Secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void encryptsWithAFreshNonceAndDecrypts() {
        String a = cipher.encrypt("xoxb-123", "ns.system.slack.token");
        String b = cipher.encrypt("xoxb-123", "ns.system.slack.token");
        assertThat(a).startsWith("v1:").doesNotContain("xoxb").isNotEqualTo(b);
        assertThat(cipher.decrypt(a, "ns.system.slack.token")).isEqualTo("xoxb-123");
    }

    @Test
    void aCiphertextOnlyOpensUnderItsKeyAndWithItsDatastoreKey() {
        String sealed = cipher.encrypt("xoxb-123", "ns.system.slack.token");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "other.system.slack.token"))
                .hasMessageContaining("does not decrypt");
        SecretCipher other = new SecretCipher("another key entirely!".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> other.decrypt(sealed, "ns.system.slack.token"))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.decrypt("plain", "k")).hasMessageContaining("not an encrypted");
        assertThatThrownBy(() -> new SecretCipher(new byte[4])).hasMessageContaining("at least 16 bytes");
    }

    @Test
    void recordsKeepTheirExpiryAndWriter() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        KvRecord record = KvRecord.of(IntNode.valueOf(3), false, at, "uid/1");
        KvRecord back = KvRecord.fromBytes(record.toBytes());
        assertThat(back).isEqualTo(record);
        assertThat(back.isExpired(at.minusSeconds(1))).isFalse();
        assertThat(back.isExpired(at)).isTrue();
        assertThat(new String(
                        KvRecord.of(TextNode.valueOf("x"), false, null, null).toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"value\":\"x\"}");
        assertThat(KvRecord.fromBytes(KvRecord.of(TextNode.valueOf("v1:x"), true, null, null)
                                .toBytes())
                        .encrypted())
                .as("the secret flag is stored")
                .isTrue();
        assertThat(KvRecord.fromBytes("written by hand".getBytes(StandardCharsets.UTF_8))
                        .value()
                        .asText())
                .isEqualTo("written by hand");
    }
}
