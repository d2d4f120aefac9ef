package io.squall.operator.timer;

/** Identifies a timer: its Rule (the uid tells a re-created Rule of the same name apart). */
public record TimerKey(String namespace, String rule, String uid) {

    /** The Quartz job and trigger name. */
    String quartzName() {
        return namespace + "/" + rule;
    }
}
