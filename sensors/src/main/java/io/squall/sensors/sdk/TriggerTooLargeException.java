package io.squall.sensors.sdk;

import java.io.IOException;

/**
 * The trigger event is larger than NATS takes (the server's max_payload): sending it again cannot help, so a
 * webhook answers 413 rather than 503.
 */
public final class TriggerTooLargeException extends IOException {
    public TriggerTooLargeException(String message) {
        super(message);
    }
}
