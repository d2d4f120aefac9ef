package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * YAQL's regex functions ({@code regex.py}): {@code regex matches search searchAll replaceBy escapeRegex isRegex},
 * and the regex forms of {@code split} and {@code replace}. Patterns are Python's {@code re} syntax.
 */
final class StdRegex {
    private static final String SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f";

    private StdRegex() {}

    static void register(Library lib) {
        lib.function("regex", inv -> {
            Args a = inv.bind("pattern", "ignoreCase?", "multiLine?", "dotAll?");
            return Regex.compile(
                    a.string("pattern"),
                    a.bool("ignoreCase", false),
                    a.bool("multiLine", false),
                    a.bool("dotAll", false));
        });
        lib.method("matches", inv -> {
            Args a = inv.bind("left", "right");
            Object l = a.get("left");
            Object r = a.get("right");
            if (l instanceof Regex rx && r instanceof String s) {
                return RegexSupport.search(rx, s, inv.ev()) != null;
            }
            if (l instanceof String s && r instanceof String p) {
                return RegexSupport.search(Regex.compile(p, false, false, false), s, inv.ev()) != null;
            }
            throw inv.noMatch();
        });
        lib.method("search", inv -> {
            Args a = inv.bind("regexp", "string", "&selector?");
            if (!(a.get("regexp") instanceof Regex rx)) {
                throw inv.noMatch();
            }
            Matcher m = RegexSupport.search(rx, a.string("string"), inv.ev());
            if (m == null) {
                return null;
            }
            return a.lambda("selector") == null
                    ? m.group()
                    : a.lambda("selector").callIn(publish(inv.ctx, m));
        });
        lib.method("searchAll", inv -> {
            Args a = inv.bind("regexp", "string", "&selector?");
            if (!(a.get("regexp") instanceof Regex rx)) {
                throw inv.noMatch();
            }
            Matcher m = RegexSupport.matcher(rx, a.string("string"), inv.ev());
            List<Object> out = new ArrayList<>();
            while (RegexSupport.guard(m::find)) {
                out.add(
                        a.lambda("selector") == null
                                ? m.group()
                                : a.lambda("selector").callIn(publish(inv.ctx, m)));
                inv.ev().checkSize(out.size());
            }
            return Sequences.of(inv.ev(), out);
        });
        lib.method("replaceBy", inv -> {
            Args a = inv.bind("left", "right", "&repl", "count?");
            Regex rx;
            String s;
            if (a.get("left") instanceof Regex r && a.get("right") instanceof String t) {
                rx = r;
                s = t;
            } else if (a.get("left") instanceof String t && a.get("right") instanceof Regex r) {
                rx = r;
                s = t;
            } else {
                throw inv.noMatch();
            }
            return substitute(rx, s, a.integer("count", 0), inv.ev(), m -> {
                Object v = a.lambda("repl").callIn(publish(inv.ctx, m));
                if (!(v instanceof String text)) {
                    throw Errors.typeError("expected str instance, " + PyTypes.name(v) + " found");
                }
                return text;
            });
        });
        lib.function("escapeRegex", inv -> {
            String s = inv.bind("string").string("string");
            StringBuilder b = new StringBuilder();
            s.chars().forEach(c -> {
                if (SPECIAL.indexOf(c) >= 0) {
                    b.append('\\');
                }
                b.append((char) c);
            });
            return inv.ev().string(b.toString());
        });
        lib.function("isRegex", inv -> inv.bind("value").get("value") instanceof Regex);
    }

    /** The match as {@code $} ({@code $1}), its groups as {@code $2, $3...}: each {value, start, end}. */
    private static YaqlContext publish(YaqlContext ctx, Matcher m) {
        YaqlContext c = ctx.bind("1", record(m, 0));
        for (int i = 1; i <= m.groupCount(); i++) {
            c = c.bind(String.valueOf(i + 1), record(m, i));
        }
        return c;
    }

    private static Map<Object, Object> record(Matcher m, int group) {
        Map<Object, Object> r = new LinkedHashMap<>();
        r.put("value", m.group(group));
        r.put("start", (long) m.start(group));
        r.put("end", (long) m.end(group));
        return java.util.Collections.unmodifiableMap(r);
    }

    /** Python's {@code re.split(pattern, string, maxsplit)}: captured groups are kept in the result. */
    static Object split(Regex rx, String s, long maxSplit, Evaluation ev) {
        Matcher m = RegexSupport.matcher(rx, s, ev);
        List<Object> out = new ArrayList<>();
        int last = 0;
        long splits = 0;
        while ((maxSplit <= 0 || splits < maxSplit) && RegexSupport.guard(m::find)) {
            if (m.end() == 0 && m.start() == 0 && s.isEmpty()) {
                break;
            }
            out.add(s.substring(last, m.start()));
            for (int g = 1; g <= m.groupCount(); g++) {
                out.add(m.group(g));
            }
            last = m.end();
            splits++;
            ev.checkSize(out.size());
        }
        out.add(s.substring(last));
        return ev.list(out);
    }

    interface Replacer {
        String apply(Matcher m);
    }

    static String substitute(Regex rx, String s, long count, Evaluation ev, Replacer replacer) {
        Matcher m = RegexSupport.matcher(rx, s, ev);
        StringBuilder b = new StringBuilder();
        int last = 0;
        long done = 0;
        while ((count <= 0 || done < count) && RegexSupport.guard(m::find)) {
            b.append(s, last, m.start()).append(replacer.apply(m));
            last = m.end();
            done++;
            ev.checkLength(b.length());
        }
        return ev.string(b.append(s, last, s.length()).toString());
    }

    /** Python's {@code re.sub(pattern, repl, string, count)} with its template syntax ({@code \1}, {@code \g<name>}). */
    static String replace(Regex rx, String s, String template, long count, Evaluation ev) {
        return substitute(rx, s, count, ev, m -> expand(rx, m, template));
    }

    static String expand(Regex rx, Matcher m, String t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '\\' || i + 1 >= t.length()) {
                b.append(c);
                continue;
            }
            char n = t.charAt(++i);
            if (Character.isDigit(n)) {
                int end = i + 1;
                if (end < t.length() && Character.isDigit(t.charAt(end))) {
                    end++;
                }
                b.append(group(m, Integer.parseInt(t.substring(i, end))));
                i = end - 1;
            } else if (n == 'g' && i + 1 < t.length() && t.charAt(i + 1) == '<' && t.indexOf('>', i) > 0) {
                int close = t.indexOf('>', i);
                String name = t.substring(i + 2, close);
                b.append(
                        name.chars().allMatch(Character::isDigit) && !name.isEmpty()
                                ? group(m, Integer.parseInt(name))
                                : namedGroup(rx, m, name));
                i = close;
            } else {
                String decoded = Escapes.decode("\\" + n);
                if (decoded.length() == 2 && decoded.charAt(0) == '\\' && Character.isLetter(n)) {
                    throw Errors.error("error", "bad escape \\" + n);
                }
                b.append(decoded);
            }
        }
        return b.toString();
    }

    private static String group(Matcher m, int g) {
        if (g > m.groupCount()) {
            throw Errors.error("error", "invalid group reference " + g);
        }
        String v = m.group(g);
        return v == null ? "" : v;
    }

    /** PythonPatterns names the n-th {@code (?P<name>...)} group {@code g<n>x} for Java. */
    private static String namedGroup(Regex rx, Matcher m, String name) {
        int n = 0;
        String src = rx.source();
        int i = -1;
        while ((i = src.indexOf("(?P<", i + 1)) >= 0) {
            n++;
            int close = src.indexOf('>', i);
            if (close > 0 && src.substring(i + 4, close).equals(name)) {
                String v = m.group("g" + n + "x");
                return v == null ? "" : v;
            }
        }
        throw Errors.error("IndexError", "unknown group name '" + name + "'");
    }
}
