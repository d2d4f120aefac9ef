package io.squall.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.nats.NatsServerRunner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A nats-server (JetStream) the test can stop and start again on the same port with the same store, as a NATS
 * pod that restarts: the operator and the sensor reconnect to it and find their streams. Quarkus test resource:
 * points the operator at it and injects itself into fields of this type.
 */
public class RestartableNats implements QuarkusTestResourceLifecycleManager {

    private int port;
    private Path store;
    private NatsServerRunner runner;

    @Override
    public Map<String, String> start() {
        port = NatsServer.freePort();
        try {
            store = Files.createTempDirectory("nats-restartable-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startServer();
        return Map.of("squall.nats.enabled", "true", "squall.nats.url", url(),
                // reconnect quickly after the restart
                "squall.nats.reconnect-wait", "500ms");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(RestartableNats.class));
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Stops the server; its JetStream store stays. */
    public synchronized void stopServer() {
        if (runner != null) {
            try {
                runner.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runner = null;
        }
    }

    /** Starts the server (again) on the same port with the same store. */
    public synchronized void startServer() {
        try {
            runner = NatsServerRunner.builder()
                    .executablePath(NatsServer.requireExecutable(NatsServer.executable()))
                    .port(port)
                    .jetstream(true)
                    .customArgs(List.of("-a", "127.0.0.1", "-sd", store.toString()))
                    .outputLevel(Level.WARNING)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("nats-server did not start on port " + port, e);
        }
    }

    @Override
    public void stop() {
        stopServer();
    }
}
