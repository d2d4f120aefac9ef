package io.squall.sensors.app;

import io.quarkus.runtime.StartupEvent;
import io.squall.sensors.SensorRuntime;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Mounts the webhook route (before the HTTP server opens) and starts the sensor. */
@ApplicationScoped
public class SensorStartup {
    @Inject
    SensorRuntime runtime;

    void mountWebhook(@Observes Router router) {
        runtime.webhook().ifPresent(handler -> handler.mount(router));
    }

    void start(@Observes StartupEvent event) {
        runtime.start();
    }
}
