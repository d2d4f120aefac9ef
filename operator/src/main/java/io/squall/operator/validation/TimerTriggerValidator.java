package io.squall.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.operator.timer.TimerSchedules;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the parameters of StackStorm's timer triggers (IntervalTimer, CronTimer, DateTimer), which the
 * operator itself fires: a timer with bad parameters would never fire, so it is reported up front.
 */
public final class TimerTriggerValidator {

    public static final String INTERVAL = "core.timer.interval";
    public static final String CRON = "core.timer.cron";
    public static final String DATE = "core.timer.date";

    /** StackStorm IntervalTimer units. */
    static final Set<String> INTERVAL_UNITS = Set.of("weeks", "days", "hours", "minutes", "seconds");
    /** StackStorm CronTimer fields (APScheduler's cron trigger). */
    static final List<String> CRON_FIELDS =
            List.of("year", "month", "day", "week", "day_of_week", "hour", "minute", "second");

    private static final String PATH = "spec.trigger.parameters";
    private static final DateTimeFormatter SPACE_SEPARATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private TimerTriggerValidator() {}

    public static boolean isTimer(String triggerType) {
        return INTERVAL.equals(triggerType) || CRON.equals(triggerType) || DATE.equals(triggerType);
    }

    public static Validation validate(String triggerType, Map<String, JsonNode> parameters) {
        Validation validation = new Validation();
        Map<String, JsonNode> params = parameters == null ? Map.of() : parameters;
        switch (triggerType) {
            case INTERVAL -> interval(params, validation);
            case CRON -> cron(params, validation);
            case DATE -> date(params, validation);
            default -> {
                // not a timer: its parameters belong to the sensor that emits it
            }
        }
        if (validation.isValid() && isTimer(triggerType)) {
            // well-formed; now what the scheduler itself refuses (cron field values, time zones, ISO weeks...)
            try {
                TimerSchedules.parse(triggerType, params, Instant.EPOCH);
            } catch (TimerSchedules.InvalidTimerException e) {
                validation.problem(Reasons.INVALID_TRIGGER, e.field(), e.problem());
            }
        }
        return validation;
    }

    private static void interval(Map<String, JsonNode> params, Validation validation) {
        JsonNode unit = params.get("unit");
        if (unit == null || unit.isNull()) {
            validation.problem(
                    Reasons.INVALID_TRIGGER,
                    PATH + ".unit",
                    "is required for " + INTERVAL + " (one of " + sorted(INTERVAL_UNITS) + ")");
        } else if (!unit.isTextual() || !INTERVAL_UNITS.contains(unit.textValue())) {
            validation.problem(
                    Reasons.INVALID_TRIGGER, PATH + ".unit", unit + " is not one of " + sorted(INTERVAL_UNITS));
        }
        JsonNode delta = params.get("delta");
        if (delta == null || delta.isNull()) {
            validation.problem(Reasons.INVALID_TRIGGER, PATH + ".delta", "is required for " + INTERVAL);
        } else if (!delta.canConvertToInt() || !delta.isIntegralNumber() || delta.intValue() < 1) {
            validation.problem(Reasons.INVALID_TRIGGER, PATH + ".delta", delta + " is not a positive integer");
        }
    }

    private static void cron(Map<String, JsonNode> params, Validation validation) {
        boolean hasFields = CRON_FIELDS.stream().anyMatch(params::containsKey);
        JsonNode expression = params.get("expression");
        if (expression == null && !hasFields) {
            validation.problem(
                    Reasons.INVALID_TRIGGER,
                    PATH,
                    CRON + " needs `expression` or at least one of the fields " + CRON_FIELDS);
        } else if (expression != null && hasFields) {
            validation.problem(
                    Reasons.INVALID_TRIGGER,
                    PATH + ".expression",
                    "set `expression` or the fields " + CRON_FIELDS + ", not both");
        } else if (expression != null) {
            int fields = expression.isTextual() ? expression.textValue().trim().split("\\s+").length : 0;
            if (!expression.isTextual() || expression.textValue().isBlank() || fields < 5 || fields > 7) {
                validation.problem(
                        Reasons.INVALID_TRIGGER,
                        PATH + ".expression",
                        expression + " is not a cron expression of 5 to 7 fields");
            }
        }
    }

    private static void date(Map<String, JsonNode> params, Validation validation) {
        JsonNode date = params.get("date");
        if (date == null || date.isNull()) {
            validation.problem(
                    Reasons.INVALID_TRIGGER,
                    PATH + ".date",
                    "is required for " + DATE + " (e.g. \"2030-07-30 05:04:24\")");
        } else if (!date.isTextual() || !isDate(date.textValue())) {
            validation.problem(
                    Reasons.INVALID_TRIGGER,
                    PATH + ".date",
                    date + " is not a date such as \"2030-07-30 05:04:24\" or \"2030-07-30T05:04:24Z\"");
        }
    }

    /** StackStorm writes "2014-07-30 05:04:24" (timezone in its own parameter); ISO-8601 is accepted too. */
    static boolean isDate(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException notOffset) {
            try {
                LocalDateTime.parse(text);
                return true;
            } catch (DateTimeParseException notIso) {
                try {
                    LocalDateTime.parse(text, SPACE_SEPARATED);
                    return true;
                } catch (DateTimeParseException notSpaceSeparated) {
                    return false;
                }
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
