package io.squall.engine.yaql;

import java.util.regex.Matcher;

/**
 * Runs regexes under the operation budget: the matcher reads the text through a CharSequence that charges one
 * operation per 64 characters read, so catastrophic backtracking ends at the limit instead of hanging a thread.
 */
final class RegexSupport {
    private RegexSupport() {}

    static Matcher matcher(Regex regex, String text, Evaluation ev) {
        return regex.pattern().matcher(new Budgeted(text, ev));
    }

    /** Python's {@code re.search}: the first match or null. */
    static Matcher search(Regex regex, String text, Evaluation ev) {
        Matcher m = matcher(regex, text, ev);
        return guard(() -> m.find()) ? m : null;
    }

    interface Step {
        boolean run();
    }

    /** Java's regex engine recurses on some patterns; a too deep one is a limit, not a crash. */
    static boolean guard(Step step) {
        try {
            return step.run();
        } catch (StackOverflowError e) {
            throw Errors.limit("Regular expression too complex for the input");
        }
    }

    private static final class Budgeted implements CharSequence {
        private final String text;
        private final Evaluation ev;
        private int reads;

        Budgeted(String text, Evaluation ev) {
            this.text = text;
            this.ev = ev;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 63) == 0) {
                ev.tick();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
