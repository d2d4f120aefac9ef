package io.squall.engine.criteria;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Parses the timestamps StackStorm's timediff operators accept (ciso8601, then dateutil): ISO-8601 with {@code T}
 * or a space, optional seconds and fraction, optional offset ({@code Z}, {@code +01:00}, {@code +0100});
 * a timestamp without offset is UTC, as in StackStorm.
 */
final class Timestamps {
    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d\\d)(\\d\\d)$");
    private static final Pattern DATE_SPACE_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d) (\\d)");

    private Timestamps() {}

    static Instant parse(String value) {
        String s = value.strip();
        s = DATE_SPACE_TIME.matcher(s).replaceFirst("$1T$2");
        s = COMPACT_OFFSET.matcher(s).replaceFirst("$1:$2");
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt
                    ? odt.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CriterionException("cannot parse '" + value + "' as an ISO-8601 timestamp", e);
        }
    }
}
