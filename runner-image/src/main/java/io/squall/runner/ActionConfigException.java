package io.squall.runner;

/** The action cannot run as specified; the message names the offending field (e.g. {@code action.command}). */
public class ActionConfigException extends Exception {
    public ActionConfigException(String field, String problem) {
        super(field + " " + problem);
    }

    public ActionConfigException(String field, String problem, Throwable cause) {
        super(field + " " + problem, cause);
    }
}
