package io.squall.engine.criteria;

/**
 * A value for a criterion's regular expression to read, with a deadline: patterns are written by rule authors and
 * values come from triggers, and a pattern that backtracks catastrophically must fail its criterion (an error the
 * rule records) instead of holding a rules engine worker. Checked every 4096 characters read.
 */
final class TimedText implements CharSequence {
    static final long LIMIT_MILLIS = 2000;

    private final String text;
    private final String pattern;
    private final long deadline;
    private int reads;

    private TimedText(String text, String pattern, long deadline) {
        this.text = text;
        this.pattern = pattern;
        this.deadline = deadline;
    }

    static CharSequence of(String text, String pattern) {
        return new TimedText(text, pattern, System.nanoTime() + LIMIT_MILLIS * 1_000_000);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
            throw new CriterionException("the pattern '" + pattern + "' took longer than " + LIMIT_MILLIS
                    + " ms on a value of " + text.length() + " characters");
        }
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new TimedText(text.substring(start, end), pattern, deadline);
    }

    @Override
    public String toString() {
        return text;
    }
}
