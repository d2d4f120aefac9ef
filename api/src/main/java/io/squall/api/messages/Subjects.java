package io.squall.api.messages;

/** Every JetStream stream, subject and bucket name Squall uses, in one place. */
public final class Subjects {
    public static final String TRIGGER_STREAM = "SQUALL_TRIGGERS";
    public static final String TRIGGER_PREFIX = "squall.trigger";
    public static final String RESULT_STREAM = "SQUALL_RESULTS";
    public static final String RESULT_PREFIX = "squall.result";
    /** Core NATS (no stream): an attempt's live output, for whoever listens at the time ({@link OutputEvent}). */
    public static final String OUTPUT_PREFIX = "squall.output";

    public static final String DEAD_LETTER_STREAM = "SQUALL_DEADLETTER";
    public static final String DEAD_LETTER_PREFIX = "squall.deadletter";
    /** Durable consumer shared by all operator replicas. */
    public static final String RULES_ENGINE_CONSUMER = "squall-rules-engine";

    public static final String RESULTS_CONSUMER = "squall-results";
    /** Key-value bucket of the datastore. */
    public static final String DATASTORE_BUCKET = "squall-kv";
    /** Object store bucket for results larger than the status bound. */
    public static final String RESULTS_OBJECT_STORE = "squall-results";
    /** The trigger type every finished execution emits (StackStorm st2.generic.actiontrigger). */
    public static final String ACTION_COMPLETED = "core.action.completed";

    private Subjects() {}

    /** squall.trigger.&lt;namespace&gt;.&lt;type&gt;; dots in the type stay (type tokens become subject tokens). */
    public static String trigger(String namespace, String type) {
        return TRIGGER_PREFIX + "." + token(namespace) + "." + type;
    }

    public static String triggerWildcard() {
        return TRIGGER_PREFIX + ".>";
    }

    public static String result(String namespace, String execution) {
        return RESULT_PREFIX + "." + token(namespace) + "." + token(execution);
    }

    public static String resultWildcard() {
        return RESULT_PREFIX + ".>";
    }

    /** squall.output.&lt;namespace&gt;.&lt;execution&gt;: the live output of each attempt of the execution. */
    public static String output(String namespace, String execution) {
        return OUTPUT_PREFIX + "." + token(namespace) + "." + token(execution);
    }

    /** The live output of every execution of a namespace (a workflow's task executions included). */
    public static String outputOfNamespace(String namespace) {
        return OUTPUT_PREFIX + "." + token(namespace) + ".*";
    }

    /** squall.deadletter.&lt;source&gt;, e.g. squall.deadletter.trigger. */
    public static String deadLetter(String source) {
        return DEAD_LETTER_PREFIX + "." + token(source);
    }

    public static String deadLetterWildcard() {
        return DEAD_LETTER_PREFIX + ".>";
    }

    private static String token(String value) {
        if (value == null
                || value.isEmpty()
                || value.contains(".")
                || value.contains(" ")
                || value.contains("*")
                || value.contains(">")) {
            throw new IllegalArgumentException("not a valid subject token: '" + value + "'");
        }
        return value;
    }
}
