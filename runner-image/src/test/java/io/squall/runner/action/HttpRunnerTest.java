package io.squall.runner.action;

import static io.squall.runner.TestRequests.http;
import static io.squall.runner.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.HttpSpec.Method;
import io.squall.runner.Attempts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real local HTTP(S) server (the JDK's com.sun.net.httpserver). */
class HttpRunnerTest {
    /** What the server received. */
    record Received(String method, String uri, Map<String, List<String>> headers, String body) {}

    private static HttpServer server;
    private static HttpsServer tlsServer;
    private static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startServers(@TempDir Path dir) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/json",
                exchange ->
                        respond(exchange, 200, "application/json; charset=utf-8", "{\"replicas\": 3, \"ok\": true}"));
        server.createContext("/text", exchange -> respond(exchange, 201, "text/plain", "{\"looks\": \"like json\"}"));
        server.createContext("/echo", exchange -> respond(exchange, 200, "application/json", null));
        server.createContext(
                "/broken", exchange -> respond(exchange, 503, "application/json", "{\"error\": \"down\"}"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // not recorded in RECEIVED: this answer comes seconds after its test ended, during another one
            answer(exchange, 200, "text/plain", "late".getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();

        tlsServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(selfSignedContext(dir)));
        tlsServer.createContext("/secure", exchange -> respond(exchange, 200, "text/plain", "tls ok"));
        tlsServer.start();
    }

    @AfterAll
    static void stopServers() {
        server.stop(0);
        tlsServer.stop(0);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        RECEIVED.clear();
    }

    @Test
    void getWithQueryParamsAndHeadersParsesAJsonBody() throws Exception {
        ActionSpec action = http(null, url("/json?fixed=1"));
        action.http.params = Map.of("env", "prod & test");
        action.http.headers = Map.of("X-Trace", "t-1");
        ExecutionResult result = Attempts.run(request(action)).result();

        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        JsonNode shape = result.result();
        assertThat(shape.fieldNames()).toIterable().containsExactly("status_code", "body", "parsed", "headers");
        assertThat(shape.get("status_code").asInt()).isEqualTo(200);
        assertThat(shape.get("parsed").asBoolean()).isTrue();
        assertThat(shape.get("body").get("replicas").asInt()).isEqualTo(3);
        // java.net.http gives header names in lower case
        assertThat(shape.get("headers").get("content-type").asText()).isEqualTo("application/json; charset=utf-8");

        Received received = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.uri()).isEqualTo("/json?fixed=1&env=prod+%26+test");
        assertThat(received.headers().get("X-trace")).containsExactly("t-1");
    }

    @Test
    void postSendsTheBodyAsJsonWhenItIsJson() throws Exception {
        ActionSpec action = http(Method.POST, url("/text"));
        action.http.body = "{\"scale\": 2}";
        ExecutionResult result = Attempts.run(request(action)).result();

        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("status_code").asInt()).isEqualTo(201);
        // a text/plain response is not parsed, even when it looks like JSON (st2 parses by content type)
        assertThat(result.result().get("parsed").asBoolean()).isFalse();
        assertThat(result.result().get("body").asText()).isEqualTo("{\"looks\": \"like json\"}");
        Received received = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.body()).isEqualTo("{\"scale\": 2}");
        assertThat(received.headers().get("Content-type")).containsExactly("application/json");
    }

    @Test
    void aNon2xxStatusFails() {
        ExecutionResult result =
                Attempts.run(request(http(Method.DELETE, url("/broken")))).result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).isEqualTo("DELETE " + url("/broken") + " returned HTTP 503");
        assertThat(result.result().get("status_code").asInt()).isEqualTo(503);
        assertThat(result.result().get("body").get("error").asText()).isEqualTo("down");
    }

    @Test
    void aSlowServerTimesOut() {
        ExecutionResult result = Attempts.run(request(http(Method.GET, url("/slow")), Map.of(), List.of(), 1))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.timedout);
        assertThat(result.error()).isEqualTo("Action failed to complete in 1 seconds");
    }

    @Test
    void aSelfSignedCertificateIsRejectedUnlessVerificationIsOff() {
        String url = "https://127.0.0.1:" + tlsServer.getAddress().getPort() + "/secure";
        ExecutionResult verified = Attempts.run(request(http(Method.GET, url))).result();
        assertThat(verified.outcome()).isEqualTo(Outcome.failed);
        assertThat(verified.error()).startsWith("GET " + url + " failed: javax.net.ssl.SSLHandshakeException");

        ActionSpec insecure = http(Method.GET, url);
        insecure.http.verifyTls = false;
        ExecutionResult unverified = Attempts.run(request(insecure)).result();
        assertThat(unverified.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(unverified.result().get("body").asText()).isEqualTo("tls ok");
    }

    @Test
    void aConnectionFailureFailsWithTheReason() {
        ExecutionResult result = Attempts.run(request(http(Method.GET, "http://127.0.0.1:1/nothing")))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.failed);
        assertThat(result.error()).startsWith("GET http://127.0.0.1:1/nothing failed: java.net.ConnectException");
    }

    @Test
    void invalidSpecificationsFailNamingTheField() {
        assertThat(Attempts.run(request(http(Method.GET, "ftp://example.com/x")))
                        .result()
                        .error())
                .isEqualTo("action.http.url must be an http:// or https:// URL, got 'ftp://example.com/x'");
        ActionSpec restricted = http(Method.GET, url("/json"));
        restricted.http.headers = Map.of("Host", "other");
        assertThat(Attempts.run(request(restricted)).result().error())
                .startsWith("action.http.headers.Host cannot be sent");
        ActionSpec none = io.squall.runner.TestRequests.action(io.squall.api.v1alpha1.RunnerType.HTTP);
        assertThat(Attempts.run(request(none)).result().error())
                .isEqualTo("action.http is required by the http runner");
    }

    @Test
    void secretsEchoedInTheResponseAreMasked() throws Exception {
        ActionSpec action = http(Method.POST, url("/echo"));
        action.http.body = "{\"user\": \"bob\", \"password\": \"pa55-w0rd\"}";
        ExecutionResult result = Attempts.run(request(action, Map.of("password", "pa55-w0rd"), List.of("password"), 0))
                .result();
        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("body").get("password").asText()).isEqualTo("********");
        assertThat(result.result().get("body").get("user").asText()).isEqualTo("bob");
        // the server did get the real value
        assertThat(RECEIVED.poll(5, TimeUnit.SECONDS).body()).contains("pa55-w0rd");
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        Received received;
        try (InputStream in = exchange.getRequestBody()) {
            received = new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        RECEIVED.add(received);
        // a null body echoes the request's
        answer(exchange, status, contentType, (body == null ? received.body() : body).getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A certificate for CN=localhost made by the JDK's keytool; the tests connect to 127.0.0.1. */
    private static SSLContext selfSignedContext(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as("keytool: %s", output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
