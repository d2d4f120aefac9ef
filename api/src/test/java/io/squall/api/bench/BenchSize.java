package io.squall.api.bench;

/**
 * A benchmark's size: the system property when set (e.g. {@code -Dbench.paced=1000}), else the full or the quick
 * default ({@code -Dbench.quick=true}, what {@code bin/squall-bench --quick} passes).
 */
public final class BenchSize {

    public static final String QUICK = "bench.quick";

    private BenchSize() {}

    public static boolean quick() {
        return Boolean.getBoolean(QUICK);
    }

    public static int of(String property, int full, int quick) {
        return Integer.getInteger(property, quick() ? quick : full);
    }

    public static double of(String property, double full, double quick) {
        String set = System.getProperty(property);
        return set != null ? Double.parseDouble(set) : quick() ? quick : full;
    }
}
