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
        assertThat(WebhookBody.parse(null, bytes("{\"a\": [1]}")).at("/a/0").asInt())
                .isEqualTo(1);
        assertThat(WebhookBody.parse("application/vnd.github+json", bytes("[]")).isArray())
                .isTrue();
    }

    @Test
    void trailingGarbageIsNotJson() {
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("{} {}")))
                .isInstanceOf(WebhookBody.RejectedBody.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void formDataHonoursTheCharset() throws Exception {
        byte[] latin1 = "name=caf%E9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(WebhookBody.parse("application/x-www-form-urlencoded; charset=ISO-8859-1", latin1)
                        .get("name")
                        .asText())
                .isEqualTo("café");
        assertThat(WebhookBody.parse("application/x-www-form-urlencoded", bytes("name=caf%C3%A9"))
                        .get("name")
                        .asText())
                .isEqualTo("café");
        assertThat(WebhookBody.parse("application/x-www-form-urlencoded; charset=UTF-8", bytes("a=1&b"))
                        .toString())
                .isEqualTo("{\"a\":\"1\",\"b\":\"\"}");
        assertThatThrownBy(() -> WebhookBody.parse("application/x-www-form-urlencoded", bytes("a=%zz")))
                .hasMessageContaining("malformed form data");
    }

    @Test
    void aKeyTwiceInOneObjectIsRefused() {
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("{\"name\": \"a\", \"name\": \"b\"}")))
                .isInstanceOf(WebhookBody.RejectedBody.class)
                .hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("[{\"x\": {\"y\": 1, \"y\": 1}}]")))
                .hasMessageContaining("Duplicate field 'y'");
    }

    @Test
    void valuesKubernetesWouldStoreAsSomethingElseAreRefusedNamingThePath() throws Exception {
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("{\"n\": 99999999999999999999}")))
                .hasMessage("body.n: the integer 99999999999999999999 is outside the 64-bit range that Kubernetes "
                        + "stores exactly");
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("{\"f\": [1e400]}")))
                .hasMessageStartingWith("body.f[0]: the number 1E+400 is beyond what a 64-bit float holds");
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes("{\"s\": \"\\ud800\"}")))
                .hasMessageContaining("unpaired UTF-16 surrogate \\ud800");
        assertThat(WebhookBody.parse("application/json", bytes("{\"f\": 0.1, \"i\": -9223372036854775808}"))
                        .get("f")
                        .decimalValue())
                .isEqualByComparingTo("0.1");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[][] invalid = {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '(', '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82, '"', '}'}
        };
        for (byte[] body : invalid) {
            assertThatThrownBy(() -> WebhookBody.parse("application/json", body))
                    .isInstanceOf(WebhookBody.RejectedBody.class)
                    .hasMessageStartingWith("body is not valid UTF-8 (byte 6: 0x")
                    .hasMessageEndingWith("): JSON must be UTF-8 text");
        }
        assertThatThrownBy(() -> WebhookBody.parse("application/x-www-form-urlencoded", bytes("name=caf%E9")))
                .hasMessageStartingWith("malformed form data: a form value is not valid UTF-8 text");
        assertThatThrownBy(() ->
                        WebhookBody.parse("application/x-www-form-urlencoded", new byte[] {'a', '=', (byte) 0xff}))
                .hasMessageStartingWith("malformed form data: form data is not valid");
    }

    @Test
    void nestingIsBounded() throws Exception {
        String ok = "[".repeat(400) + "]".repeat(400);
        assertThat(WebhookBody.parse("application/json", bytes(ok)).isArray()).isTrue();
        String deep = "[".repeat(600) + "]".repeat(600);
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes(deep)))
                .hasMessageEndingWith("nested more than 500 levels deep");
        String deeper = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> WebhookBody.parse("application/json", bytes(deeper)))
                .isInstanceOf(WebhookBody.RejectedBody.class)
                .hasMessageContaining("depth");
    }

    @Test
    void multipartOtherThanFormDataIsRefusedWithTheReason() {
        assertThatThrownBy(() -> WebhookBody.parse("multipart/mixed; boundary=x", bytes("--x\r\n\r\na\r\n--x--")))
                .hasMessageContaining("multipart/mixed is not supported");
    }

    @Test
    void multipartFormDataIsParsedWithTheJsonFields() throws Exception {
        String body =
                "--x\r\nContent-Disposition: form-data; name=\"alert\"\r\n\r\n{\"severity\": \"critical\"}\r\n--x--\r\n";
        assertThat(WebhookBody.parse("multipart/form-data; boundary=x", bytes(body), java.util.List.of("alert"))
                        .at("/alert/severity")
                        .asText())
                .isEqualTo("critical");
        assertThat(WebhookBody.parse("multipart/form-data; boundary=\"x\"", bytes(body))
                        .at("/alert")
                        .asText())
                .isEqualTo("{\"severity\": \"critical\"}");
    }
}
