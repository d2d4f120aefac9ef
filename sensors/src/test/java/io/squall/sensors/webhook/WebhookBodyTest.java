package io.squall.sensors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookBodyTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonWithoutContentTypeIsAccepted() throws Exception {
        assertThat(WebhookBody.parse(null, bytes("{\"a\": [1]}")).at("/a/0").asInt()).isEqualTo(1);
        assertThat(WebhookBody.parse("application/vnd.github+json", bytes("[]")).isArray()).isTrue();
    }

    @Test
    void trailingGarbageIsNotJson() {
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("{} {}")))
                .isInstanceOf(WebhookBody.RejectedBody.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void formDataHonoursTheCharset() throws Exception {
        byte[] latin1 = "name=caf%E9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(WebhookBody.parse("application/x-www-form-urlencoded; charset=ISO-8859-1", latin1).get("name").asText())
                .isEqualTo("café");
        assertThat(WebhookBody.parse("application/x-www-form-urlencoded", bytes("name=caf%C3%A9")).get("name").asText())
                .isEqualTo("café");
        assertThat(WebhookBody.parse("application/x-www-form-urlencoded; charset=UTF-8", bytes("a=1&b")).toString())
                .isEqualTo("{\"a\":\"1\",\"b\":\"\"}");
        assertThatThrownBy(() -> WebhookBody.parse("application/x-www-form-urlencoded", bytes("a=%zz")))
                .hasMessageContaining("malformed form data");
    }

    @Test
    void multipartIsRefusedWithTheReason() {
        assertThatThrownBy(() -> WebhookBody.parse("multipart/form-data; boundary=x", bytes("--x")))
                .hasMessageContaining("multipart/form-data is not supported");
    }
}
