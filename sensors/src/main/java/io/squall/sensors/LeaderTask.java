package io.squall.sensors;

/** Work that only the leader of a sensor's replicas does (polling, watching). */
public interface LeaderTask {
    /** Called when this replica becomes leader; must return promptly (start threads, informers). */
    void start();

    /** Called when leadership ends or the sensor stops; must stop emitting before it returns. Idempotent. */
    void stop();
}
