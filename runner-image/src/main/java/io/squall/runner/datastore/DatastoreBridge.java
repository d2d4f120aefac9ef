package io.squall.runner.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.squall.api.messages.Json;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.KvBucket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * How a python action reaches the datastore: a loopback HTTP endpoint (127.0.0.1, a free port) that takes only
 * requests carrying a random token, which the runner hands to its python process in a private file. Python needs
 * no NATS library and never sees the runner's NATS credentials. {@code POST /get|/set|/delete|/list} with a JSON
 * body; the answer is JSON, {@code {"error": ...}} with status 400 (refused) or 503 (datastore unreachable).
 */
public final class DatastoreBridge implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final String token;
    private final ActionServiceOperations operations;

    private DatastoreBridge(HttpServer server, String token, ActionServiceOperations operations) {
        this.server = server;
        this.token = token;
        this.operations = operations;
    }

    public static DatastoreBridge start(ActionServiceOperations operations) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DatastoreBridge bridge = new DatastoreBridge(server, HexFormat.of().formatHex(random), operations);
        server.createContext("/", bridge::handle);
        server.start();
        return bridge;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String token() {
        return token;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null
                    || !MessageDigest.isEqual(
                            ("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                            auth.getBytes(StandardCharsets.UTF_8))) {
                respond(exchange, 401, error("not authorized"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("POST only"));
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
                if (data.length > MAX_BODY_BYTES) {
                    respond(exchange, 413, error("a datastore request is limited to " + MAX_BODY_BYTES + " bytes"));
                    return;
                }
                body = Json.mapper().readTree(data);
            }
            try {
                respond(exchange, 200, dispatch(exchange.getRequestURI().getPath(), body));
            } catch (DatastoreException | IllegalArgumentException e) {
                respond(exchange, 400, error(e.getMessage()));
            } catch (KvBucket.Unavailable e) {
                respond(exchange, 503, error(e.getMessage()));
            } catch (RuntimeException e) {
                // a runner bug: the action gets the reason instead of a dropped connection
                e.printStackTrace();
                respond(exchange, 500, error("runner error: " + e));
            }
        }
    }

    private ObjectNode dispatch(String path, JsonNode body) {
        String name = text(body, "name");
        return switch (path) {
            case "/get" -> operations.get(name, body.path("decrypt").asBoolean(false));
            case "/set" ->
                operations.set(
                        name,
                        text(body, "value"),
                        body.hasNonNull("ttl") ? body.get("ttl").asLong() : null,
                        body.path("encrypt").asBoolean(false));
            case "/delete" -> operations.delete(name);
            case "/list" -> operations.list(text(body, "prefix"));
            default -> throw new IllegalArgumentException("no datastore operation " + path);
        };
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ObjectNode error(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] data = Json.toBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
