package io.squall.operator.timer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.DateBuilder;

/** StackStorm timer parameters to schedules, and the slots of each schedule. */
class TimerSchedulesTest {

    private static final Instant CREATED = Instant.parse("2030-01-01T00:00:00Z");

    private static Map<String, JsonNode> params(Object... keyValues) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            params.put(
                    (String) keyValues[i],
                    value instanceof Integer n ? IntNode.valueOf(n) : TextNode.valueOf((String) value));
        }
        return params;
    }

    private static String cron(Object... keyValues) {
        return ((TimerSchedule.Cron) TimerSchedules.parse(TimerSchedules.CRON, params(keyValues), CREATED))
                .expression();
    }

    private static TimerSchedules.InvalidTimerException invalid(String type, Object... keyValues) {
        try {
            TimerSchedules.parse(type, params(keyValues), CREATED);
        } catch (TimerSchedules.InvalidTimerException e) {
            return e;
        }
        throw new AssertionError("accepted " + type + " " + params(keyValues));
    }

    @Test
    void intervalCountsFromTheRulesCreation() {
        TimerSchedule schedule =
                TimerSchedules.parse(TimerSchedules.INTERVAL, params("unit", "minutes", "delta", 5), CREATED);
        assertThat(schedule).isEqualTo(new TimerSchedule.Interval(CREATED, 5, DateBuilder.IntervalUnit.MINUTE));
        assertThat(schedule.firstSlotAfter(CREATED)).contains(Instant.parse("2030-01-01T00:05:00Z"));
        assertThat(schedule.firstSlotAfter(Instant.parse("2030-01-01T00:12:34Z")))
                .contains(Instant.parse("2030-01-01T00:15:00Z"));
        assertThat(schedule.slotAtOrBefore(Instant.parse("2030-01-01T00:12:34Z"), CREATED))
                .contains(Instant.parse("2030-01-01T00:10:00Z"));
        assertThat(schedule.slotAtOrBefore(Instant.parse("2030-01-01T00:10:00Z"), CREATED))
                .contains(Instant.parse("2030-01-01T00:10:00Z"));
        // the creation itself is no slot, and nothing before "earliest" is
        assertThat(schedule.slotAtOrBefore(Instant.parse("2030-01-01T00:04:59Z"), CREATED))
                .isEmpty();
        assertThat(schedule.slotAtOrBefore(
                        Instant.parse("2030-01-01T00:12:34Z"), Instant.parse("2030-01-01T00:11:00Z")))
                .isEmpty();
        assertThat(((TimerSchedule.Interval) TimerSchedules.parse(
                                TimerSchedules.INTERVAL, params("unit", "weeks", "delta", 2), CREATED))
                        .period())
                .hasDays(14);
    }

    @Test
    void intervalErrorsNameTheParameter() {
        assertThat(invalid(TimerSchedules.INTERVAL, "delta", 5).getMessage())
                .isEqualTo(
                        "spec.trigger.parameters.unit: is required for core.timer.interval (weeks, days, hours, minutes or seconds)");
        assertThat(invalid(TimerSchedules.INTERVAL, "unit", "fortnights", "delta", 1)
                        .getMessage())
                .isEqualTo(
                        "spec.trigger.parameters.unit: 'fortnights' is not one of weeks, days, hours, minutes, seconds");
        assertThat(invalid(TimerSchedules.INTERVAL, "unit", "seconds", "delta", 0)
                        .field())
                .isEqualTo("spec.trigger.parameters.delta");
        assertThat(invalid(TimerSchedules.INTERVAL, "unit", "seconds").problem())
                .isEqualTo("is required for core.timer.interval");
    }

    @Test
    void cronFieldsFollowApschedulerDefaults() {
        // fields after the least significant one given are at their minimum, those before it are "*"
        assertThat(cron("hour", 5)).isEqualTo("0 0 5 * * ? *");
        assertThat(cron("minute", "*/15")).isEqualTo("0 */15 * * * ? *");
        assertThat(cron("second", "*/10")).isEqualTo("*/10 * * * * ? *");
        assertThat(cron("month", 6)).isEqualTo("0 0 0 1 6 ? *");
        assertThat(cron("hour", 3, "minute", 30)).isEqualTo("0 30 3 * * ? *");
        assertThat(cron("day", "last", "hour", 23)).isEqualTo("0 0 23 L * ? *");
        assertThat(cron("year", 2031, "month", "jan-mar", "day", 15)).isEqualTo("0 0 0 15 jan-mar ? 2031");
    }

    @Test
    void apschedulerDayOfWeekCountsFromMonday() {
        assertThat(cron("day_of_week", "0-4", "hour", 9)).isEqualTo("0 0 9 ? * MON,TUE,WED,THU,FRI *");
        assertThat(cron("day_of_week", "sat,sun")).isEqualTo("0 0 0 ? * SAT,SUN *");
        assertThat(cron("day_of_week", 6)).isEqualTo("0 0 0 ? * SUN *");
        assertThat(cron("day_of_week", "*/2")).isEqualTo("0 0 0 ? * MON,WED,FRI,SUN *");
    }

    @Test
    void unixExpressionsGetSecondsAndSundayIsZeroOrSeven() {
        assertThat(cron("expression", "*/5 * * * *")).isEqualTo("0 */5 * * * ?");
        assertThat(cron("expression", "0 9 * * 1-5")).isEqualTo("0 0 9 ? * MON,TUE,WED,THU,FRI");
        assertThat(cron("expression", "0 0 * * 0")).isEqualTo("0 0 0 ? * SUN");
        assertThat(cron("expression", "0 0 * * 7")).isEqualTo("0 0 0 ? * SUN");
        assertThat(cron("expression", "30 2 1 * *")).isEqualTo("0 30 2 1 * ?");
        assertThat(cron("expression", "0 0 12 * * ?")).isEqualTo("0 0 12 * * ?");
    }

    @Test
    void cronErrorsNameTheParameter() {
        assertThat(invalid(TimerSchedules.CRON, "week", 12).getMessage())
                .isEqualTo("spec.trigger.parameters.week: "
                        + "ISO week numbers are not supported by the Quartz scheduler; use day and month");
        assertThat(invalid(TimerSchedules.CRON, "day", 1, "day_of_week", "mon").field())
                .isEqualTo("spec.trigger.parameters.day_of_week");
        assertThat(invalid(TimerSchedules.CRON, "day_of_week", "9").getMessage())
                .isEqualTo(
                        "spec.trigger.parameters.day_of_week: day of week 9 in '9' is not in 0-6 or mon/tue/wed/thu/fri/sat/sun");
        assertThat(invalid(TimerSchedules.CRON, "hour", 25).getMessage())
                .startsWith(
                        "spec.trigger.parameters: the cron "
                                + "schedule '0 0 25 * * ? *' (Quartz: second minute hour day month day-of-week year) is invalid: ");
        assertThat(invalid(TimerSchedules.CRON, "expression", "0 0 1 * 1").field())
                .isEqualTo("spec.trigger.parameters.expression");
        assertThat(invalid(TimerSchedules.CRON, "expression", "every day").getMessage())
                .isEqualTo(
                        "spec.trigger.parameters.expression: "
                                + "'every day' has 2 fields; expected 5 (Unix: minute hour day month day-of-week) or 6-7 (Quartz, with seconds)");
        assertThat(invalid(TimerSchedules.CRON, "hour", 1, "timezone", "Mars/Olympus")
                        .getMessage())
                .isEqualTo(
                        "spec.trigger.parameters.timezone: 'Mars/Olympus' is not a time zone such as UTC or Europe/Paris");
        assertThat(invalid(TimerSchedules.CRON, "hour", 1, "expression", "* * * * *")
                        .field())
                .isEqualTo("spec.trigger.parameters.expression");
    }

    @Test
    void cronSlotsAreInTheTimezone() {
        TimerSchedule paris =
                TimerSchedules.parse(TimerSchedules.CRON, params("hour", 9, "timezone", "Europe/Paris"), CREATED);
        assertThat(((TimerSchedule.Cron) paris).zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        // 09:00 in Paris is 08:00 UTC in winter
        assertThat(paris.firstSlotAfter(CREATED)).contains(Instant.parse("2030-01-01T08:00:00Z"));
        assertThat(paris.slotAtOrBefore(Instant.parse("2030-01-03T10:00:00Z"), CREATED))
                .contains(Instant.parse("2030-01-03T08:00:00Z"));
        assertThat(paris.slotAtOrBefore(Instant.parse("2030-01-03T10:00:00Z"), Instant.parse("2030-01-03T09:00:00Z")))
                .isEmpty();
    }

    @Test
    void dateIsOneSlotInTheTimezone() {
        TimerSchedule utc = TimerSchedules.parse(TimerSchedules.DATE, params("date", "2030-07-30 05:04:24"), CREATED);
        assertThat(utc).isEqualTo(new TimerSchedule.Once(Instant.parse("2030-07-30T05:04:24Z")));
        assertThat(TimerSchedules.parse(
                        TimerSchedules.DATE,
                        params("date", "2030-07-30 05:04:24", "timezone", "America/New_York"),
                        CREATED))
                .isEqualTo(new TimerSchedule.Once(Instant.parse("2030-07-30T09:04:24Z")));
        assertThat(TimerSchedules.parse(TimerSchedules.DATE, params("date", "2030-07-30T05:04:24+02:00"), CREATED))
                .isEqualTo(new TimerSchedule.Once(Instant.parse("2030-07-30T03:04:24Z")));
        assertThat(utc.firstSlotAfter(Instant.parse("2030-07-30T05:04:23Z")))
                .contains(Instant.parse("2030-07-30T05:04:24Z"));
        assertThat(utc.firstSlotAfter(Instant.parse("2030-07-30T05:04:24Z"))).isEmpty();
        assertThat(utc.slotAtOrBefore(Instant.parse("2030-07-30T05:05:00Z"), CREATED))
                .contains(Instant.parse("2030-07-30T05:04:24Z"));
        assertThat(invalid(TimerSchedules.DATE, "date", "tomorrow").getMessage())
                .isEqualTo("spec.trigger.parameters.date: "
                        + "'tomorrow' is not a date such as \"2030-07-30 05:04:24\" or \"2030-07-30T05:04:24Z\"");
    }
}
