package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Python's str methods where Java's differ: split/rsplit, strip with a char set, replace with a count, find. */
final class PyStrings {
    private PyStrings() {}

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR || cp == 0x85;
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@code str.split(sep, maxsplit)}; sep null splits on runs of whitespace. */
    static List<Object> split(String s, String sep, long maxSplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxSplit >= 0 && out.size() >= maxSplit) {
                    int end = n;
                    while (end > i && isSpace(s.charAt(end - 1))) {
                        end--;
                    }
                    out.add(s.substring(i, end));
                    break;
                }
                int j = i;
                while (j < n && !isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw Errors.valueError("empty separator");
        }
        int start = 0;
        int idx;
        while ((maxSplit < 0 || out.size() < maxSplit) && (idx = s.indexOf(sep, start)) >= 0) {
            out.add(s.substring(start, idx));
            start = idx + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    /** {@code str.rsplit(sep, maxsplit)}. */
    static List<Object> rsplit(String s, String sep, long maxSplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && isSpace(s.charAt(j - 1))) {
                    j--;
                }
                if (j <= 0) {
                    break;
                }
                if (maxSplit >= 0 && out.size() >= maxSplit) {
                    int start = 0;
                    while (start < j && isSpace(s.charAt(start))) {
                        start++;
                    }
                    out.add(s.substring(start, j));
                    break;
                }
                int i = j;
                while (i > 0 && !isSpace(s.charAt(i - 1))) {
                    i--;
                }
                out.add(s.substring(i, j));
                j = i;
            }
        } else {
            if (sep.isEmpty()) {
                throw Errors.valueError("empty separator");
            }
            int end = s.length();
            int idx;
            while ((maxSplit < 0 || out.size() < maxSplit)
                    && end >= sep.length()
                    && (idx = s.lastIndexOf(sep, end - sep.length())) >= 0) {
                out.add(s.substring(idx + sep.length(), end));
                end = idx;
            }
            out.add(s.substring(0, end));
        }
        Collections.reverse(out);
        return out;
    }

    /** {@code str.strip(chars)}: chars null strips whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int i = 0;
        int j = s.length();
        while (left && i < j && stripped(s.charAt(i), chars)) {
            i++;
        }
        while (right && j > i && stripped(s.charAt(j - 1), chars)) {
            j--;
        }
        return s.substring(i, j);
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    /** {@code str.replace(old, new, count)}; count &lt; 0 replaces all. */
    static String replace(String s, String old, String replacement, long count, Evaluation ev) {
        if (count < 0 && !old.isEmpty()) {
            long occurrences = (s.length() - s.replace(old, "").length()) / old.length();
            ev.checkLength(s.length() + occurrences * (replacement.length() - (long) old.length()));
            return s.replace(old, replacement);
        }
        StringBuilder b = new StringBuilder();
        int start = 0;
        long done = 0;
        if (old.isEmpty()) {
            // Python inserts the replacement between every character and at both ends
            for (int i = 0; i <= s.length() && (count < 0 || done < count); i++, done++) {
                b.append(replacement);
                if (i < s.length()) {
                    b.append(s.charAt(i));
                }
                start = Math.min(i + 1, s.length());
                ev.checkLength(b.length());
            }
            return b.append(s, start, s.length()).toString();
        }
        int idx;
        while (done < count && (idx = s.indexOf(old, start)) >= 0) {
            b.append(s, start, idx).append(replacement);
            start = idx + old.length();
            done++;
            ev.checkLength(b.length());
        }
        return ev.string(b.append(s, start, s.length()).toString());
    }

    /** Python's slice indices for {@code find(sub, start, end)}. */
    static long find(String s, String sub, long start, long end, boolean last) {
        int n = s.length();
        long st = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
        long en = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
        if (en - st < sub.length()) {
            return -1;
        }
        String window = s.substring((int) st, (int) en);
        int i = last ? window.lastIndexOf(sub) : window.indexOf(sub);
        return i < 0 ? -1 : i + st;
    }

    /** Python's slicing {@code s[start:end]} on code units (YAQL strings are mostly BMP text). */
    static String slice(String s, long start, long end) {
        int n = s.length();
        long st = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
        long en = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
        return en <= st ? "" : s.substring((int) st, (int) en);
    }
}
