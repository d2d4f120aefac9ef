package io.squall.operator.nats;

/** Whether NATS is usable (connected and JetStream provisioned), and if not, why. */
public record NatsReadiness(boolean ready, String message) {}
