package io.squall.engine.criteria;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code re} and {@code fnmatch} patterns as {@link Pattern}s. Rule authors write Python regexes, so the
 * few syntax differences are translated: {@code (?P<name>...)}, {@code (?P=name)}, {@code \Z}, {@code \UXXXXXXXX},
 * a literal {@code {}, a literal {@code [} inside a class; and Python's defaults are kept: Unicode {@code \w \d \s},
 * only {@code \n} ends a line. Compiled patterns are cached (bounded).
 */
public final class PythonPatterns {
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
    private static final Pattern REPEAT = Pattern.compile("\\{(\\d*)(,?)(\\d*)}");

    private PythonPatterns() {}

    /** {@code re.compile(pattern)}, optionally with re.DOTALL / re.IGNORECASE. */
    public static Pattern regex(String pattern, boolean dotAll, boolean ignoreCase) {
        int flags = Pattern.UNICODE_CHARACTER_CLASS
                | Pattern.UNIX_LINES
                | (dotAll ? Pattern.DOTALL : 0)
                | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return cached("re" + flags + ":" + pattern, () -> Pattern.compile(translateRegex(pattern), flags), pattern);
    }

    /** {@code fnmatch.translate(pattern)}: a whole-string shell glob ({@code * ? [seq] [!seq]}). */
    public static Pattern wildcard(String pattern) {
        return cached("glob:" + pattern, () -> Pattern.compile(translateGlob(pattern), Pattern.DOTALL), pattern);
    }

    private interface Compiler {
        Pattern compile();
    }

    private static Pattern cached(String key, Compiler compiler, String source) {
        Pattern pattern = CACHE.get(key);
        if (pattern == null) {
            try {
                pattern = compiler.compile();
            } catch (PatternSyntaxException e) {
                throw new CriterionException(
                        "invalid regular expression '" + source + "': " + e.getDescription() + " near index "
                                + e.getIndex(),
                        e);
            }
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear(); // bounded: rendered patterns could otherwise grow it without limit
            }
            CACHE.put(key, pattern);
        }
        return pattern;
    }

    static String translateRegex(String p) {
        StringBuilder out = new StringBuilder(p.length() + 8);
        Map<String, String> groups = new HashMap<>();
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char next = p.charAt(i + 1);
                if (next == 'Z' && !inClass) {
                    out.append("\\z");
                } else if (next == 'U' && i + 10 <= p.length()) {
                    out.append("\\x{").append(p, i + 2, i + 10).append('}');
                    i += 8;
                } else {
                    out.append(c).append(next);
                }
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' || (c == '&' && i + 1 < p.length() && p.charAt(i + 1) == '&')) {
                    out.append('\\').append(c); // literal in Python; a nested class / intersection in Java
                } else {
                    out.append(c);
                }
            } else if (c == '[') {
                inClass = true;
                out.append('[');
                int k = i + 1;
                if (k < p.length() && p.charAt(k) == '^') {
                    out.append('^');
                    k++;
                }
                if (k < p.length() && p.charAt(k) == ']') {
                    out.append("\\]"); // ']' first in a class is literal in Python
                    k++;
                }
                i = k - 1;
            } else if (p.startsWith("(?P<", i)) {
                int end = p.indexOf('>', i);
                String name = end < 0 ? "" : p.substring(i + 4, end);
                String javaName = "g" + (groups.size() + 1) + "x"; // Java group names allow no '_'
                groups.put(name, javaName);
                out.append("(?<").append(javaName).append('>');
                i = end < 0 ? p.length() : end;
            } else if (p.startsWith("(?P=", i)) {
                int end = p.indexOf(')', i);
                String name = end < 0 ? "" : p.substring(i + 4, end);
                out.append("\\k<").append(groups.getOrDefault(name, name)).append('>');
                i = end < 0 ? p.length() : end;
            } else if (c == '{') {
                var m = REPEAT.matcher(p).region(i, p.length());
                if (m.lookingAt() && !(m.group(1).isEmpty() && m.group(3).isEmpty())) {
                    out.append('{')
                            .append(m.group(1).isEmpty() ? "0" : m.group(1))
                            .append(m.group(2))
                            .append(m.group(3))
                            .append('}');
                    i = m.end() - 1;
                } else {
                    out.append("\\{"); // not a repetition: Python reads it literally
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String translateGlob(String p) {
        StringBuilder out = new StringBuilder(p.length() + 8);
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i++);
            if (c == '*') {
                if (out.length() < 2 || !out.substring(out.length() - 2).equals(".*")) {
                    out.append(".*");
                }
            } else if (c == '?') {
                out.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && p.charAt(j) == '!') {
                    j++;
                }
                if (j < n && p.charAt(j) == ']') {
                    j++;
                }
                while (j < n && p.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    out.append("\\[");
                } else {
                    String stuff = p.substring(i, j);
                    i = j + 1;
                    StringBuilder set = new StringBuilder();
                    for (int k = 0; k < stuff.length(); k++) {
                        char s = stuff.charAt(k);
                        if (k == 0 && s == '!') {
                            set.append('^');
                        } else if ((k == 0 && s == '^') || s == '\\' || s == '[' || s == '&' || s == ']') {
                            set.append('\\').append(s);
                        } else {
                            set.append(s);
                        }
                    }
                    out.append(set.toString().equals("^") ? "." : "[" + set + "]");
                }
            } else if (Character.isLetterOrDigit(c) || c == ' ' || c == '_') {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        return out.toString();
    }
}
