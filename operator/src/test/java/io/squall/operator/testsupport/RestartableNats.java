package io.squall.operator.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.squall.local.NatsServer;
import java.util.Map;

/**
 * A nats-server (JetStream) the test can stop and start again on the same port with the same store, as a NATS
 * pod that restarts: the operator and the sensor reconnect to it and find their streams. Quarkus test resource:
 * points the operator at it and injects itself into fields of this type.
 */
public class RestartableNats implements QuarkusTestResourceLifecycleManager {

    private NatsServer server;

    @Override
    public Map<String, String> start() {
        server = NatsServer.start();
        return Map.of(
                "squall.nats.enabled",
                "true",
                "squall.nats.url",
                url(),
                // reconnect quickly after the restart
                "squall.nats.reconnect-wait",
                "500ms");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(RestartableNats.class));
    }

    public String url() {
        return server.url();
    }

    /** Stops the server; its JetStream store stays. */
    public void stopServer() {
        server.stop();
    }

    /** Starts the server (again) on the same port with the same store. */
    public void startServer() {
        server.restart();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
