package io.squall.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseLossHandlerTest {

    private final List<Integer> exits = new ArrayList<>();
    private final LeaseLossHandler handler = new LeaseLossHandler(exits::add);

    @Test
    void losingTheLeaseWhileRunningExitsWithStatusOne() {
        handler.leadershipLost();
        assertThat(exits).containsExactly(1);
    }

    @Test
    void givingUpTheLeaseOnShutdownDoesNotExitAgain() {
        handler.onShutdown(null);
        handler.leadershipLost();
        assertThat(exits).isEmpty();
    }
}
