package io.squall.operator.testsupport;

import io.squall.local.NatsServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension without Quarkus: one nats-server per test class, injected as a {@link NatsServer}
 * parameter of test methods, lifecycle methods or constructors.
 * <pre>
 * &#64;ExtendWith(NatsServerExtension.class)
 * class MyTest { &#64;Test void t(NatsServer nats) { ... nats.url() ... } }
 * </pre>
 */
public class NatsServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NatsServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(NatsServer.class, NatsServer.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NatsServer server = context.getStore(NAMESPACE).remove(NatsServer.class, NatsServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NatsServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return findServer(context);
    }

    private static NatsServer findServer(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            NatsServer server = c.getStore(NAMESPACE).get(NatsServer.class, NatsServer.class);
            if (server != null) {
                return server;
            }
        }
        throw new IllegalStateException("NatsServerExtension: no server started for " + context.getDisplayName());
    }
}
