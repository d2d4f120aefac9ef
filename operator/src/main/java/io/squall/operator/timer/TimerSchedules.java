package io.squall.operator.timer;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.quartz.CronExpression;
import org.quartz.DateBuilder;

/**
 * Reads the parameters of StackStorm's timer triggers into a {@link TimerSchedule}:
 * <ul>
 * <li>{@code core.timer.interval}: {@code unit} (weeks, days, hours, minutes, seconds) and {@code delta};</li>
 * <li>{@code core.timer.cron}: APScheduler fields (year, month, day, week, day_of_week, hour, minute, second) or an
 * {@code expression} (Unix 5 fields or Quartz 6-7), and {@code timezone} (default UTC);</li>
 * <li>{@code core.timer.date}: {@code date} ("2030-07-30 05:04:24" in {@code timezone}, or ISO-8601).</li>
 * </ul>
 * Errors name the parameter, as spec.trigger.parameters.&lt;name&gt;.
 */
public final class TimerSchedules {

    public static final String INTERVAL = "core.timer.interval";
    public static final String CRON = "core.timer.cron";
    public static final String DATE = "core.timer.date";
    public static final String PATH = "spec.trigger.parameters";

    private static final DateTimeFormatter SPACE_SEPARATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSSSSS]");

    private TimerSchedules() {}

    /** A parameter that makes no schedule; {@link #field} is its path, e.g. spec.trigger.parameters.unit. */
    public static final class InvalidTimerException extends IllegalArgumentException {
        private final String field;

        public InvalidTimerException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }

        /** The message without the field. */
        public String problem() {
            return getMessage().substring(field.length() + 2);
        }
    }

    public static boolean isTimer(String triggerType) {
        return INTERVAL.equals(triggerType) || CRON.equals(triggerType) || DATE.equals(triggerType);
    }

    /**
     * @param anchor when the schedule began (the Rule's creation): intervals count from it
     * @throws InvalidTimerException naming the parameter
     */
    public static TimerSchedule parse(String triggerType, Map<String, JsonNode> parameters, Instant anchor) {
        Map<String, JsonNode> params = parameters == null ? Map.of() : parameters;
        return switch (triggerType) {
            case INTERVAL -> interval(params, anchor);
            case CRON -> cron(params);
            case DATE -> date(params);
            default -> throw new InvalidTimerException("spec.trigger.type", triggerType + " is not a timer");
        };
    }

    private static TimerSchedule interval(Map<String, JsonNode> params, Instant anchor) {
        String unit = text(params, "unit")
                .orElseThrow(() -> new InvalidTimerException(
                        PATH + ".unit", "is required for " + INTERVAL + " (weeks, days, hours, minutes or seconds)"));
        DateBuilder.IntervalUnit quartzUnit = switch (unit) {
            case "weeks" -> DateBuilder.IntervalUnit.WEEK;
            case "days" -> DateBuilder.IntervalUnit.DAY;
            case "hours" -> DateBuilder.IntervalUnit.HOUR;
            case "minutes" -> DateBuilder.IntervalUnit.MINUTE;
            case "seconds" -> DateBuilder.IntervalUnit.SECOND;
            default ->
                throw new InvalidTimerException(
                        PATH + ".unit", "'" + unit + "' is not one of weeks, days, hours, minutes, seconds");
        };
        JsonNode delta = params.get("delta");
        if (delta == null || delta.isNull()) {
            throw new InvalidTimerException(PATH + ".delta", "is required for " + INTERVAL);
        }
        if (!delta.isIntegralNumber() || !delta.canConvertToInt() || delta.intValue() < 1) {
            throw new InvalidTimerException(PATH + ".delta", delta + " is not a positive integer");
        }
        // Quartz counts in milliseconds: so do the slots
        return new TimerSchedule.Interval(anchor.truncatedTo(ChronoUnit.MILLIS), delta.intValue(), quartzUnit);
    }

    private static TimerSchedule cron(Map<String, JsonNode> params) {
        ZoneId zone = zone(params);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : CronTranslation.FIELDS) {
            JsonNode value = params.get(name);
            if (value != null && !value.isNull()) {
                if (!value.isTextual() && !value.isIntegralNumber()) {
                    throw new InvalidTimerException(
                            PATH + "." + name, value + " is not a number or a cron field string");
                }
                fields.put(name, value.asText());
            }
        }
        Optional<String> expression = text(params, "expression");
        if (expression.isPresent() && !fields.isEmpty()) {
            throw new InvalidTimerException(
                    PATH + ".expression", "set `expression` or the fields " + CronTranslation.FIELDS + ", not both");
        }
        if (expression.isEmpty() && fields.isEmpty()) {
            throw new InvalidTimerException(
                    PATH, CRON + " needs `expression` or at least one of the fields " + CronTranslation.FIELDS);
        }
        String quartz;
        try {
            quartz = expression.isPresent()
                    ? CronTranslation.fromExpression(expression.get())
                    : CronTranslation.fromFields(fields);
        } catch (CronTranslation.CronException e) {
            throw new InvalidTimerException(PATH + "." + e.field(), e.getMessage());
        }
        try {
            CronExpression.validateExpression(quartz);
        } catch (ParseException e) {
            String field = expression.isPresent() ? PATH + ".expression" : PATH;
            throw new InvalidTimerException(
                    field,
                    "the cron schedule '" + quartz + "' (Quartz: second minute hour "
                            + "day month day-of-week year) is invalid: " + e.getMessage());
        }
        return new TimerSchedule.Cron(quartz, zone);
    }

    private static TimerSchedule date(Map<String, JsonNode> params) {
        String date = text(params, "date")
                .orElseThrow(() -> new InvalidTimerException(
                        PATH + ".date", "is required for " + DATE + " (e.g. \"2030-07-30 05:04:24\")"));
        ZoneId zone = zone(params);
        try {
            return new TimerSchedule.Once(OffsetDateTime.parse(date).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return new TimerSchedule.Once(
                        LocalDateTime.parse(date).atZone(zone).toInstant());
            } catch (DateTimeParseException notIso) {
                try {
                    return new TimerSchedule.Once(LocalDateTime.parse(date, SPACE_SEPARATED)
                            .atZone(zone)
                            .toInstant());
                } catch (DateTimeParseException notSpaceSeparated) {
                    throw new InvalidTimerException(
                            PATH + ".date",
                            "'" + date + "' is not a date such as \"2030-07-30 05:04:24\" or \"2030-07-30T05:04:24Z\"");
                }
            }
        }
    }

    /** StackStorm's timezone parameter (an IANA name such as Europe/Paris); UTC when absent. */
    private static ZoneId zone(Map<String, JsonNode> params) {
        Optional<String> timezone = text(params, "timezone");
        if (timezone.isEmpty()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone.get());
        } catch (DateTimeException e) {
            throw new InvalidTimerException(
                    PATH + ".timezone", "'" + timezone.get() + "' is not a time zone such as " + "UTC or Europe/Paris");
        }
    }

    private static Optional<String> text(Map<String, JsonNode> params, String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidTimerException(PATH + "." + name, value + " is not a string");
        }
        return Optional.of(value.textValue());
    }
}
