package io.squall.local;

import java.time.Duration;
import java.time.LocalTime;

/**
 * When to start kube-api-test and with what startup timeout so that its deadline does not cross midnight.
 *
 * <p>kube-api-test 7.4.0 computes its readiness deadlines on {@link LocalTime} (time of day, default zone): a
 * deadline past midnight wraps to the early morning, "now" is already after it, and the start fails at once with
 * "did not start properly" (seen in CI at 23:58:38). It waits twice with the full timeout (etcd, then the API
 * server), so both windows together must end before midnight; when too little of the day is left for a useful
 * timeout, the start waits until just after midnight instead.
 */
record StartupWindow(Duration delay, int timeoutMillis) {

    /** The shortest timeout worth trying before midnight: a start takes seconds, more on a loaded machine. */
    static final int MIN_TIMEOUT_MILLIS = 60_000;

    private static final long MARGIN_MILLIS = 2_000;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** The window for a start at {@code now} that would like {@code timeoutMillis}. */
    static StartupWindow at(LocalTime now, int timeoutMillis) {
        long untilMidnight = DAY_MILLIS - now.toNanoOfDay() / 1_000_000;
        long fits = (untilMidnight - MARGIN_MILLIS) / 2; // etcd's wait and the API server's, back to back
        if (fits >= timeoutMillis) {
            return new StartupWindow(Duration.ZERO, timeoutMillis);
        }
        if (fits >= Math.min(MIN_TIMEOUT_MILLIS, timeoutMillis)) {
            return new StartupWindow(Duration.ZERO, (int) fits);
        }
        return new StartupWindow(Duration.ofMillis(untilMidnight + MARGIN_MILLIS), timeoutMillis);
    }
}
