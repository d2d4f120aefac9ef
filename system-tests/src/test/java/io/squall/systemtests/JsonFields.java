package io.squall.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Compares what was submitted to an API server with what it kept. */
public final class JsonFields {

    private JsonFields() {}

    /**
     * Paths present in {@code submitted} that {@code kept} does not hold with the same value (numbers compare by value:
     * 100.0 is 100). Fields only {@code kept} has (defaults, status, metadata the server adds) are not reported.
     */
    public static List<String> missing(String path, JsonNode submitted, JsonNode kept) {
        return missing(path, submitted, kept, false);
    }

    /**
     * As {@link #missing(String, JsonNode, JsonNode)}, for a built-in kind (a Go struct on the server): a field whose
     * value is its type's zero value (0, false, "") may be left out, as {@code omitempty} does, without being lost.
     */
    public static List<String> missingFromBuiltIn(String path, JsonNode submitted, JsonNode kept) {
        return missing(path, submitted, kept, true);
    }

    /** Whether an object of this apiVersion is a built-in kind, not a custom resource (a group with a dot). */
    public static boolean isBuiltIn(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 || !apiVersion.substring(0, slash).contains(".") || apiVersion.contains(".k8s.io/");
    }

    private static boolean isZero(JsonNode value) {
        return value.isNumber() && value.decimalValue().signum() == 0
                || value.isBoolean() && !value.booleanValue()
                || value.isTextual() && value.textValue().isEmpty();
    }

    private static List<String> missing(String path, JsonNode submitted, JsonNode kept, boolean omitEmpty) {
        List<String> missing = new ArrayList<>();
        if (kept == null || kept.isMissingNode()) {
            if (!(omitEmpty && isZero(submitted))) {
                missing.add(path);
            }
        } else if (submitted.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = submitted.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                missing.addAll(
                        missing(path + "." + field.getKey(), field.getValue(), kept.get(field.getKey()), omitEmpty));
            }
        } else if (submitted.isArray()) {
            for (int i = 0; i < submitted.size(); i++) {
                missing.addAll(missing(path + "[" + i + "]", submitted.get(i), kept.get(i), omitEmpty));
            }
        } else if (submitted.isNumber() && kept.isNumber()) {
            if (submitted.decimalValue().compareTo(kept.decimalValue()) != 0) {
                missing.add(path + " (" + submitted + " became " + kept + ")");
            }
        } else if (!submitted.equals(kept)) {
            missing.add(path + " (" + submitted + " became " + kept + ")");
        }
        return missing;
    }
}
