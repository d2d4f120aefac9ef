package io.squall.sensors.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpDocumentSourceTest {
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            boolean authorized =
                    "Bearer t0k".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorized ? "{\"alerts\": [{\"id\": 1}]}" : "{\"error\": \"no\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(authorized ? 200 : 403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/text", exchange -> {
            byte[] body = "<html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void headersMayNameSecretKeys() throws Exception {
        var source = new HttpDocumentSource(
                uri("/alerts"),
                Map.of("Authorization", "Bearer ${secret:api-token}"),
                key -> key.equals("api-token") ? Optional.of("t0k") : Optional.empty(),
                Duration.ofSeconds(5));
        assertThat(source.fetch().at("/alerts/0/id").asInt()).isEqualTo(1);
    }

    @Test
    void aRefusalOrAMissingSecretOrNonJsonIsAnErrorThatSaysWhich() {
        var wrong = new HttpDocumentSource(
                uri("/alerts"), Map.of("Authorization", "Bearer nope"), key -> Optional.empty(), Duration.ofSeconds(5));
        assertThatThrownBy(wrong::fetch).hasMessageContaining("answered 403");

        var missing = new HttpDocumentSource(
                uri("/alerts"),
                Map.of("Authorization", "Bearer ${secret:api-token}"),
                key -> Optional.empty(),
                Duration.ofSeconds(5));
        assertThatThrownBy(missing::fetch)
                .hasMessageContaining("poll.headers.Authorization")
                .hasMessageContaining("no key 'api-token'");

        var text = new HttpDocumentSource(uri("/text"), Map.of(), key -> Optional.empty(), Duration.ofSeconds(5));
        assertThatThrownBy(text::fetch).hasMessageContaining("not JSON");
    }
}
