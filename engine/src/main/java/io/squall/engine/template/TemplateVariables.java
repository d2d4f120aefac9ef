package io.squall.engine.template;

import io.squall.engine.criteria.CriterionException;
import io.squall.engine.criteria.KeyPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a Jinja template refers to, found lexically (Jinja's meta.find_undeclared_variables, roughly):
 * dotted/indexed paths inside {@code {{ }}} and {@code {% %}}, minus keywords, literals, filter and test names
 * and function calls. Used to order parameters by their dependencies and to name the undefined variable in errors.
 */
final class TemplateVariables {
    private static final Pattern CODE = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "not",
            "in",
            "is",
            "if",
            "else",
            "elif",
            "endif",
            "for",
            "endfor",
            "set",
            "endset",
            "true",
            "false",
            "none",
            "True",
            "False",
            "None",
            "macro",
            "endmacro",
            "call",
            "endcall",
            "filter",
            "endfilter",
            "with",
            "endwith",
            "without",
            "context",
            "import",
            "from",
            "as",
            "include",
            "block",
            "endblock",
            "extends",
            "raw",
            "endraw",
            "do",
            "recursive",
            "loop");

    private TemplateVariables() {}

    /** The top-level names a template reads, e.g. {trigger, other_param} for "{{ trigger.x }}-{{ other_param }}". */
    static Set<String> roots(String template) {
        Set<String> roots = new LinkedHashSet<>();
        Matcher m = CODE.matcher(template);
        while (m.find()) {
            for (String path : paths(m.group(1) != null ? m.group(1) : m.group(2))) {
                roots.add(path.split("[.\\[]", 2)[0]);
            }
        }
        return roots;
    }

    /**
     * The undefined variable that made {@code expression} evaluate to undefined: the first path whose root exists
     * in {@code context} but which stops resolving part-way (named up to the first missing step), else the first
     * path whose root is not defined at all. Null when every path resolves.
     */
    static String undefinedIn(String expression, Map<String, ?> context) {
        String unknownRoot = null;
        for (String text : paths(expression)) {
            KeyPath path;
            try {
                path = KeyPath.parse(text);
            } catch (CriterionException e) {
                continue;
            }
            int existing = path.existingSteps(context);
            if (existing >= path.length()) {
                continue;
            }
            if (existing > 0) {
                return path.prefix(existing + 1);
            }
            if (unknownRoot == null) {
                unknownRoot = path.prefix(1);
            }
        }
        return unknownRoot;
    }

    /** Variable paths in a Jinja expression, in order of appearance. */
    static List<String> paths(String code) {
        List<String> paths = new ArrayList<>();
        int i = 0;
        int n = code.length();
        String previousWord = "";
        char previousChar = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(code, i);
                previousChar = c;
                previousWord = "";
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                i = endOfPath(code, i);
                String path = code.substring(start, i);
                String word = path.split("[.\\[]", 2)[0];
                int next = skipSpaces(code, i);
                boolean call = next < n && code.charAt(next) == '(';
                boolean filterOrTest = previousChar == '|' || previousWord.equals("is");
                if (previousChar != '.' && !filterOrTest && !call && !KEYWORDS.contains(word)) {
                    paths.add(path);
                }
                previousWord = word;
                previousChar = 'a';
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '.')) {
                    i++;
                }
                previousChar = '0';
                previousWord = "";
            } else {
                if (!Character.isWhitespace(c)) {
                    previousChar = c;
                    previousWord = "";
                }
                i++;
            }
        }
        return paths;
    }

    private static int endOfPath(String code, int i) {
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_') {
                i++;
            } else if (c == '.' && i + 1 < n && (Character.isLetter(code.charAt(i + 1)) || code.charAt(i + 1) == '_')) {
                i++;
            } else if (c == '[') {
                int close = bracketEnd(code, i);
                if (close < 0) {
                    return i;
                }
                i = close + 1;
            } else {
                return i;
            }
        }
        return i;
    }

    /** The ']' closing a literal subscript ([0], ['a.b'], ["x"]), or -1 for any other subscript. */
    private static int bracketEnd(String code, int open) {
        int i = open + 1;
        if (i < code.length() && (code.charAt(i) == '\'' || code.charAt(i) == '"')) {
            i = skipString(code, i);
        } else {
            while (i < code.length() && Character.isDigit(code.charAt(i))) {
                i++;
            }
        }
        return i < code.length() && code.charAt(i) == ']' && i > open + 1 ? i : -1;
    }

    private static int skipString(String code, int i) {
        char quote = code.charAt(i++);
        while (i < code.length() && code.charAt(i) != quote) {
            i += code.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, code.length());
    }

    private static int skipSpaces(String code, int i) {
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }
}
