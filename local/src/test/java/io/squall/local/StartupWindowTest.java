package io.squall.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class StartupWindowTest {

    private static final int TIMEOUT = 180_000;

    @Test
    void midday_keeps_the_full_timeout_and_starts_at_once() {
        assertEquals(new StartupWindow(Duration.ZERO, TIMEOUT), StartupWindow.at(LocalTime.NOON, TIMEOUT));
    }

    @Test
    void both_waits_must_end_before_midnight() {
        // 6 min 2 s left: two full 180 s waits and the margin fit exactly
        assertEquals(new StartupWindow(Duration.ZERO, TIMEOUT), StartupWindow.at(LocalTime.of(23, 53, 58), TIMEOUT));
        // 5 min left: each wait gets half of what is left but the margin
        assertEquals(new StartupWindow(Duration.ZERO, 149_000), StartupWindow.at(LocalTime.of(23, 55), TIMEOUT));
    }

    @Test
    void too_close_to_midnight_waits_until_just_after_it() {
        // CI's failed start was at 23:58:37: 83 s left, 40.5 s a wait, less than the shortest worth trying
        StartupWindow window = StartupWindow.at(LocalTime.of(23, 58, 37), TIMEOUT);
        assertEquals(new StartupWindow(Duration.ofSeconds(85), TIMEOUT), window);
        assertEquals(LocalTime.of(0, 0, 2), LocalTime.of(23, 58, 37).plus(window.delay()));
    }

    @Test
    void a_short_timeout_is_kept_while_it_fits() {
        assertEquals(new StartupWindow(Duration.ZERO, 10_000), StartupWindow.at(LocalTime.of(23, 59, 30), 10_000));
        assertEquals(
                new StartupWindow(Duration.ofMillis(3_000), 10_000),
                StartupWindow.at(LocalTime.of(23, 59, 59), 10_000));
    }
}
