package io.squall.operator.execution;

import java.time.Duration;
import java.util.Locale;

/** Run times as kubectl shows them: 850ms → "0.9s", 1.23 s → "1.2s", 125 s → "2m5s", 3725 s → "1h2m5s". */
public final class Durations {

    private Durations() {}

    public static String format(Duration duration) {
        Duration d = duration.isNegative() ? Duration.ZERO : duration;
        long seconds = d.getSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        return hours > 0 ? hours + "h" + minutes + "m" + rest + "s" : minutes + "m" + rest + "s";
    }
}
