package io.squall.operator.timer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns StackStorm's cron timers into Quartz cron expressions ("sec min hour day-of-month month day-of-week
 * [year]"). StackStorm passes its fields to APScheduler, whose rules differ from Quartz's in two ways this class
 * bridges: fields left out default to "*" when more significant than the least significant field given and to
 * their minimum otherwise ({hour: 5} is 05:00:00 every day), and day_of_week counts 0 = Monday. A Unix cron
 * {@code expression} (5 fields, day of week 0 or 7 = Sunday) gets a seconds field; 6 or 7 fields are Quartz's own.
 */
public final class CronTranslation {

    /** APScheduler's fields, most significant first. */
    public static final List<String> FIELDS =
            List.of("year", "month", "day", "week", "day_of_week", "hour", "minute", "second");
    /** APScheduler's values of fields left out after the least significant field given. */
    private static final Map<String, String> MINIMUMS = Map.of(
            "year",
            "*",
            "month",
            "1",
            "day",
            "1",
            "week",
            "*",
            "day_of_week",
            "*",
            "hour",
            "0",
            "minute",
            "0",
            "second",
            "0");

    private static final List<String> QUARTZ_DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
    private static final List<String> APSCHEDULER_DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final List<String> UNIX_DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    private CronTranslation() {}

    /** A bad cron parameter; {@link #field} names it (relative to spec.trigger.parameters). */
    public static final class CronException extends IllegalArgumentException {
        private final String field;

        CronException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** APScheduler fields (values as written: numbers or strings) to a Quartz expression. */
    public static String fromFields(Map<String, String> given) {
        Map<String, String> fields = new LinkedHashMap<>();
        int remaining = (int) FIELDS.stream().filter(given::containsKey).count();
        boolean minimums = false;
        for (String name : FIELDS) {
            if (given.containsKey(name)) {
                fields.put(name, given.get(name).trim().toLowerCase(Locale.ROOT));
                minimums = --remaining == 0;
            } else {
                fields.put(name, minimums ? MINIMUMS.get(name) : "*");
            }
        }
        if (!"*".equals(fields.get("week"))) {
            throw new CronException(
                    "week", "ISO week numbers are not supported by the Quartz scheduler; use day and month");
        }
        String day = fields.get("day");
        String dayOfWeek = fields.get("day_of_week");
        if (!"*".equals(day) && !"*".equals(dayOfWeek)) {
            throw new CronException(
                    "day_of_week",
                    "cannot be combined with day (" + day
                            + "): the Quartz scheduler needs one of them to be unrestricted");
        }
        String quartzDay = "last".equals(day) ? "L" : day;
        if (day.matches(".*[a-z].*") && !"last".equals(day)) {
            throw new CronException("day", "'" + day + "' is not supported: use numbers, ranges, steps or `last`");
        }
        String dayOfMonthPart = "*".equals(dayOfWeek) ? quartzDay : "?";
        String dayOfWeekPart =
                "*".equals(dayOfWeek) ? "?" : weekdays(dayOfWeek, "day_of_week", APSCHEDULER_DAYS, false);
        return String.join(
                " ",
                fields.get("second"),
                fields.get("minute"),
                fields.get("hour"),
                dayOfMonthPart,
                fields.get("month"),
                dayOfWeekPart,
                fields.get("year"));
    }

    /** A cron expression: Unix (5 fields) made Quartz, or Quartz's own 6 or 7 fields as given. */
    public static String fromExpression(String expression) {
        String[] parts = expression.trim().split("\\s+");
        if (parts.length == 6 || parts.length == 7) {
            return String.join(" ", parts);
        }
        if (parts.length != 5) {
            throw new CronException(
                    "expression",
                    "'" + expression + "' has " + parts.length
                            + " fields; expected 5 (Unix: minute hour day month day-of-week) or 6-7 (Quartz, with seconds)");
        }
        String dayOfMonth = parts[2];
        String dayOfWeek = parts[4].toLowerCase(Locale.ROOT);
        if (!"*".equals(dayOfMonth) && !"*".equals(dayOfWeek)) {
            throw new CronException(
                    "expression",
                    "'" + expression + "' restricts both day of month and day of week, "
                            + "which Unix cron ORs and the Quartz scheduler cannot express; use two rules");
        }
        String dayOfMonthPart = "*".equals(dayOfWeek) ? dayOfMonth : "?";
        String dayOfWeekPart = "*".equals(dayOfWeek) ? "?" : weekdays(dayOfWeek, "expression", UNIX_DAYS, true);
        return String.join(" ", "0", parts[0], parts[1], dayOfMonthPart, parts[3], dayOfWeekPart);
    }

    /**
     * A day-of-week field (lists, ranges, steps, numbers or names) as the explicit list of Quartz day names, e.g.
     * APScheduler "0-4" and Unix "1-5" are both MON,TUE,WED,THU,FRI.
     *
     * @param names  the day names in the numbering of the source (index = number)
     * @param sevenIsSunday Unix allows 7 for Sunday
     */
    static String weekdays(String field, String fieldName, List<String> names, boolean sevenIsSunday) {
        TreeSet<Integer> days = new TreeSet<>(); // Monday-based 0..6
        for (String item : field.split(",")) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), fieldName, field);
                if (step < 1) {
                    throw new CronException(fieldName, "step in '" + field + "' must be at least 1");
                }
            }
            int from;
            int to;
            if ("*".equals(range)) {
                from = 0;
                to = 6;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = day(bounds[0], fieldName, field, names, sevenIsSunday);
                to = day(bounds[1], fieldName, field, names, sevenIsSunday);
            } else {
                from = day(range, fieldName, field, names, sevenIsSunday);
                to = slash >= 0 ? names.size() - 1 : from;
            }
            if (to < from) {
                throw new CronException(fieldName, "range in '" + field + "' goes backwards");
            }
            for (int d = from; d <= to; d += step) {
                days.add(mondayBased(d, names));
            }
        }
        List<String> result = new ArrayList<>();
        days.forEach(d -> result.add(QUARTZ_DAYS.get(d)));
        return String.join(",", result);
    }

    /** A day in the source numbering (0..6, or 7 = Sunday for Unix). */
    private static int day(String token, String fieldName, String field, List<String> names, boolean sevenIsSunday) {
        int byName = names.indexOf(token);
        if (byName >= 0) {
            return byName;
        }
        int number = number(token, fieldName, field);
        if (number == 7 && sevenIsSunday) {
            return 7;
        }
        if (number < 0 || number > 6) {
            throw new CronException(
                    fieldName,
                    "day of week " + token + " in '" + field + "' is not in 0-6 or " + String.join("/", names));
        }
        return number;
    }

    /** 0 = Monday: APScheduler's numbering already; Unix counts from Sunday (0 and 7). */
    private static int mondayBased(int day, List<String> names) {
        if (names == APSCHEDULER_DAYS) {
            return day;
        }
        return day == 0 || day == 7 ? 6 : day - 1;
    }

    private static int number(String token, String fieldName, String field) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new CronException(fieldName, "'" + token + "' in '" + field + "' is not a number or day name");
        }
    }
}
