package io.squall.operator.workflow;

import io.squall.api.v1alpha1.LabelValues;
import java.util.Locale;

/**
 * The name of a task's child Execution, derived from (namespace, parent, task, route, item, attempt) only: whoever
 * creates it again (the same reconcile repeated, a restarted operator, another replica) names the same object, and
 * the API server's 409 AlreadyExists is the proof it exists. {@code <parent>-<task>-<10 hex of sha256>}, the readable
 * parts shortened so that the whole stays within 52 characters (its runner Job and Secret names add a suffix).
 */
public final class WorkflowNames {

    static final int MAX = 52;
    static final int HASH = LabelValues.HASH_LENGTH;

    private WorkflowNames() {}

    public static String child(String namespace, String parent, String task, int route, Integer item, int attempt) {
        String hash = LabelValues.hash(
                namespace + "/" + parent + "/" + task + "/" + route + "/" + (item == null ? "" : item) + "/" + attempt);
        String taskPart = clean(task);
        int room = MAX - HASH - 2;
        int taskRoom = Math.min(taskPart.length(), room / 2);
        String parentPart = trim(clean(parent), room - taskRoom);
        taskPart = trim(taskPart, room - parentPart.length());
        String head = parentPart.isEmpty() ? taskPart : taskPart.isEmpty() ? parentPart : parentPart + "-" + taskPart;
        return (head.isEmpty() ? "task" : head) + "-" + hash;
    }

    private static String clean(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private static String trim(String value, int max) {
        String cut = value.length() > max ? value.substring(0, Math.max(max, 0)) : value;
        int start = 0;
        int end = cut.length();
        while (start < end && cut.charAt(start) == '-') {
            start++;
        }
        while (end > start && cut.charAt(end - 1) == '-') {
            end--;
        }
        return cut.substring(start, end);
    }
}
