package io.squall.api.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One figure of a benchmark beside its floor (the least the same work costs on the same machine, measured in the same
 * run), printed as the machine-readable line {@code BENCH benchmark|figure|value|unit|floor|floor value} that
 * bin/squall-bench collects into its table. The floor is in the same unit as the figure.
 */
public record BenchRow(String benchmark, String figure, double value, String unit, String floor, double floorValue) {

    public static final String PREFIX = "BENCH ";

    public BenchRow {
        for (String field : List.of(benchmark, figure, unit, floor)) {
            if (field == null || field.isBlank() || field.contains("|") || field.contains("\n")) {
                throw new IllegalArgumentException(
                        "a benchmark row's text fields must be non-blank, without '|' or " + "line breaks: " + field);
            }
        }
        if (!(value > 0) || !(floorValue > 0) || Double.isInfinite(value) || Double.isInfinite(floorValue)) {
            throw new IllegalArgumentException(benchmark + " / " + figure + ": value " + value + " and floor "
                    + floorValue + " must be finite and positive");
        }
    }

    /** The line bin/squall-bench reads. */
    public String line() {
        return PREFIX + String.join("|", benchmark, figure, number(value), unit, floor, number(floorValue));
    }

    /** Prints each row's line on stdout (surefire passes it through to the Maven log). */
    public static void print(List<BenchRow> rows) {
        rows.stream().map(BenchRow::line).forEach(System.out::println);
        System.out.flush();
    }

    /** Rows of several phases as one list. */
    @SafeVarargs
    public static List<BenchRow> concat(List<BenchRow>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
