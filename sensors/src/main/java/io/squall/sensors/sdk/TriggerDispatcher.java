package io.squall.sensors.sdk;

import io.squall.api.messages.TriggerEvent;
import java.io.IOException;

/** Somewhere a trigger event goes; returns only once it is stored (for JetStream: after the publish ack). */
@FunctionalInterface
public interface TriggerDispatcher {
    /**
     * @throws IOException when the event could not be stored (not connected, timeout, no stream); the caller
     *         still owns the event and may retry it with the same id
     */
    void dispatch(TriggerEvent event) throws IOException;
}
