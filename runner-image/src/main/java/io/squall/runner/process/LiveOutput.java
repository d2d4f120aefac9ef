package io.squall.runner.process;

import io.squall.api.messages.OutputEvent;

/**
 * Where the action's output goes as it is produced, besides the runner's own stdout/stderr and the captured tail:
 * e.g. NATS, for {@code squall run}. Gets masked bytes; must never block or throw (the pumps must keep draining).
 */
public interface LiveOutput {
    LiveOutput NONE = (stream, chunk) -> {};

    void write(OutputEvent.Stream stream, byte[] chunk);
}
