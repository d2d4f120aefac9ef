package io.squall.engine.workflow.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the variables an expression reads through {@code ctx()}, with Orquesta's own regular expressions. */
final class CtxReferences {
    private static final String REF = "[\\]\\[a-zA-Z0-9_'\".()]*";
    private static final Pattern CTX = Pattern.compile("\\bctx\\(['\"]?" + REF + "['\"]?\\)\\.?" + REF);
    private static final String VAR = "[a-zA-Z0-9_-]+";
    private static final List<Pattern> EXTRACTS = List.of(
            Pattern.compile("(?<=\\bctx\\(\\)\\.)(" + VAR + ")\\b(?!\\()\\.?"),
            Pattern.compile("(?:\\bctx\\((" + VAR + ")\\))"),
            Pattern.compile("(?:\\bctx\\('(" + VAR + ")'\\))"),
            Pattern.compile("(?:\\bctx\\(\"(" + VAR + ")\"\\))"));

    private CtxReferences() {}

    /** The {@code ctx(...)...} references in each expression (already without delimiters), sorted, distinct. */
    static List<String> references(List<String> strippedExpressions) {
        TreeSet<String> refs = new TreeSet<>();
        for (String e : strippedExpressions) {
            Matcher m = CTX.matcher(e);
            while (m.find()) {
                refs.add(m.group().strip());
            }
        }
        return new ArrayList<>(refs);
    }

    /** The variable names in one reference ({@code ctx().a.b} → a, {@code ctx(x)} → x), each regex tried. */
    static List<String> names(String reference) {
        List<String> names = new ArrayList<>();
        for (Pattern p : EXTRACTS) {
            Matcher m = p.matcher(reference);
            if (m.find() && !m.group(1).isEmpty()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Python's str.strip(chars). */
    static String stripChars(String s, String chars) {
        int b = 0;
        int e = s.length();
        while (b < e && chars.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    static List<String> findAll(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
