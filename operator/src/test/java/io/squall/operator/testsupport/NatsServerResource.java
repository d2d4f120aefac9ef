package io.squall.operator.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.squall.local.NatsServer;
import java.util.Map;

/**
 * Quarkus test resource: starts a nats-server for the test class and points the operator at it
 * ({@code squall.nats.enabled=true}, {@code squall.nats.url}). Use with
 * {@code @WithTestResource(NatsServerResource.class)}.
 */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {

    private NatsServer server;

    @Override
    public Map<String, String> start() {
        server = NatsServer.start();
        return Map.of("squall.nats.enabled", "true", "squall.nats.url", server.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(NatsServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
