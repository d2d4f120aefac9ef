package io.squall.local;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;

/** What the local executors share as the one "node" of this machine: its name, clock format and pod names. */
final class LocalNode {

    /** What the downward API says for spec.nodeName (pods are not bound to a Node object: see LocalJobExecutor). */
    static final String NAME = "local";

    private LocalNode() {}

    /** An RFC 3339 timestamp as the API server writes them. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Five characters as in generated pod names (no vowels, no look-alikes). */
    static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    /** The java of this JVM: pods run the same Java as the stack. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
