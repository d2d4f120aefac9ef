package io.squall.operator.nats;

/** NATS is disabled or not (yet) reachable; the message says which and why. */
public class NatsUnavailableException extends RuntimeException {

    public NatsUnavailableException(String message) {
        super(message);
    }
}
