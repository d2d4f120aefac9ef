package io.squall.operator.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.messages.TriggerEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The scheduler on a real Quartz (RAM store, misfire threshold 1 s) with a publisher that records: what fires,
 * with which slot, and the misfire policy. Fires are awaited through a Quartz job listener, never by sleeping.
 */
class TimerSchedulerTest {

    /** Long enough that a fire Quartz runs late on a busy machine is still within it where a test expects a fire. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** Quartz fires a trigger once less than 3 ms are left, so a fire's time may be just before its slot. */
    static final Duration QUARTZ_EARLY = Duration.ofMillis(10);

    private static final Map<String, JsonNode> EVERY_SECOND =
            Map.of("unit", TextNode.valueOf("seconds"), "delta", IntNode.valueOf(1));

    private Scheduler quartz;
    private final List<TriggerEvent> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger executed = new AtomicInteger();
    private TimerScheduler timers;

    static Scheduler quartz(String name) throws SchedulerException {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", name);
        properties.setProperty("org.quartz.threadPool.threadCount", "2");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        return new StdSchedulerFactory(properties).getScheduler();
    }

    @BeforeEach
    void start() throws SchedulerException {
        quartz = quartz("timers-" + UUID.randomUUID());
        quartz.getListenerManager().addJobListener(new CountingListener());
        timers = new TimerScheduler(quartz, published::add, Clock.systemUTC(), GRACE);
        quartz.start();
    }

    @AfterEach
    void stop() throws SchedulerException {
        quartz.shutdown(true);
    }

    private final class CountingListener implements JobListener {
        @Override
        public String getName() {
            return "counting";
        }

        @Override
        public void jobToBeExecuted(JobExecutionContext context) {}

        @Override
        public void jobExecutionVetoed(JobExecutionContext context) {}

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException e) {
            executed.incrementAndGet();
        }
    }

    private static TimerScheduler.Timer interval(String rule, Instant created, Map<String, JsonNode> params) {
        return new TimerScheduler.Timer(
                new TimerKey("ns", rule, "uid-" + rule),
                "core.timer.interval",
                params,
                TimerSchedules.parse("core.timer.interval", params, created),
                created);
    }

    private static TimerScheduler.Timer date(String rule, Instant created, Instant at) {
        Map<String, JsonNode> params = Map.of("date", TextNode.valueOf(at.toString()));
        return new TimerScheduler.Timer(
                new TimerKey("ns", rule, "uid-" + rule),
                "core.timer.date",
                params,
                TimerSchedules.parse("core.timer.date", params, created),
                created);
    }

    @Test
    void intervalFiresPublishOneTriggerPerSlotWithTheSlotsId() throws Exception {
        Instant created = Instant.now().minusMillis(200);
        TimerScheduler.Timer timer = interval("tick", created, EVERY_SECOND);
        assertThat(timers.schedule(timer)).isEqualTo(TimerScheduler.Outcome.SCHEDULED);
        assertThat(timers.hasJob("ns", "tick")).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> published.size() >= 3);
        List<String> ids = published.stream().map(TriggerEvent::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
        // every id is the id of a slot (creation + k seconds) at most a grace before its fire: a fire Quartz runs
        // late publishes its own slot, which is not always the latest slot before the fire
        Instant anchor = ((TimerSchedule.Interval) timer.schedule()).anchor();
        for (TriggerEvent event : published) {
            Instant executedAt = event.occurredAt();
            List<String> slotIds = new ArrayList<>();
            for (Instant slot = anchor.plusSeconds(1);
                    !slot.isAfter(executedAt.plus(QUARTZ_EARLY));
                    slot = slot.plusSeconds(1)) {
                if (!slot.plus(GRACE).isBefore(executedAt)) {
                    slotIds.add(new TimerFire(timer.key(), "core.timer.interval", EVERY_SECOND, slot).id());
                }
            }
            assertThat(slotIds).contains(event.id());
            assertThat(event.payload().get("rule").asText()).isEqualTo("tick");
        }
    }

    @Test
    void takingATimerOverFiresTheSlotDueWithinGraceOnceAndAtOnce() throws Exception {
        // created 30.5 s ago, every 15 s: the slot 0.5 s ago is due; the one 15.5 s ago is older than grace
        Instant created = Instant.now().minusMillis(30_500);
        Map<String, JsonNode> everyFifteen = Map.of("unit", TextNode.valueOf("seconds"), "delta", IntNode.valueOf(15));
        TimerScheduler.Timer timer = interval("takeover", created, everyFifteen);
        timers.schedule(timer);

        await().atMost(Duration.ofSeconds(30)).until(() -> !published.isEmpty());
        Instant dueSlot = created.plusSeconds(30);
        assertThat(published.get(0).id())
                .isEqualTo(new TimerFire(timer.key(), "core.timer.interval", everyFifteen, dueSlot).id());
        assertThat(published)
                .extracting(TriggerEvent::id)
                .doesNotHaveDuplicates()
                .doesNotContain(
                        new TimerFire(timer.key(), "core.timer.interval", everyFifteen, created.plusSeconds(15)).id());
    }

    @Test
    void aRuleCreatedAfterASlotDoesNotFireIt() throws Exception {
        // a date 1 s ago, but the Rule is newer: StackStorm does not schedule expired timers
        Instant now = Instant.now();
        assertThat(timers.schedule(date("late", now, now.minusSeconds(1)))).isEqualTo(TimerScheduler.Outcome.EXPIRED);
        assertThat(timers.hasJob("ns", "late")).isFalse();
        assertThat(timers.timers()).isEmpty();
    }

    @Test
    void editingReschedulesWithoutRefiringAndRemovingStopsTheJob() throws Exception {
        Instant created = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Map<String, JsonNode> hourly = Map.of("unit", TextNode.valueOf("hours"), "delta", IntNode.valueOf(1));
        assertThat(timers.schedule(interval("edit", created, hourly))).isEqualTo(TimerScheduler.Outcome.SCHEDULED);
        assertThat(timers.schedule(interval("edit", created, hourly))).isEqualTo(TimerScheduler.Outcome.UNCHANGED);
        assertThat(quartz.getTriggersOfJob(org.quartz.JobKey.jobKey("ns/edit", TimerScheduler.GROUP)))
                .singleElement()
                .satisfies(t -> assertThat(t.getNextFireTime().toInstant()).isEqualTo(created.plusSeconds(3600)));

        assertThat(timers.schedule(interval("edit", created, EVERY_SECOND)))
                .isEqualTo(TimerScheduler.Outcome.RESCHEDULED);
        await().atMost(Duration.ofSeconds(30)).until(() -> published.size() >= 2);
        // a reschedule fires only new slots: the every-second slots of the past minute were never due
        assertThat(published).allSatisfy(e -> assertThat(e.occurredAt()).isAfterOrEqualTo(created.plusSeconds(60)));

        assertThat(timers.unschedule("ns", "edit")).isTrue();
        assertThat(timers.hasJob("ns", "edit")).isFalse();
        assertThat(quartz.getJobKeys(GroupMatcher.jobGroupEquals(TimerScheduler.GROUP)))
                .isEmpty();
        assertThat(timers.unschedule("ns", "edit")).isFalse();
    }

    @Test
    void aFireLateBeyondTheMisfireThresholdFiresOnceNowWithTheSlotsId() throws Exception {
        Instant created = Instant.now();
        Instant at = created.plusMillis(1500);
        TimerScheduler.Timer timer = date("paused", created, at);
        quartz.standby(); // as if the JVM stalled past the slot
        timers.schedule(timer);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(at.plusMillis(1200)));
        quartz.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> executed.get() == 1);
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.id())
                    .isEqualTo(new TimerFire(timer.key(), "core.timer.date", timer.parameters(), at).id());
            assertThat(event.occurredAt()).isAfter(at.plusMillis(1000));
        });
        // Quartz dropped the job of a date timer after its fire
        await().atMost(Duration.ofSeconds(30)).until(() -> !timers.hasJob("ns", "paused"));
    }

    @Test
    void aFireLaterThanGraceIsSkipped() throws Exception {
        Instant created = Instant.now();
        Instant at = created.plusMillis(500);
        quartz.standby();
        timers.schedule(date("too-late", created, at));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Instant.now().isAfter(at.plus(GRACE).plusMillis(500)));
        quartz.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> executed.get() == 1);
        assertThat(published).isEmpty();
    }

    @Test
    void losingLeadershipStopsEveryTimer() throws Exception {
        Instant created = Instant.now();
        timers.schedule(interval("a", created, EVERY_SECOND));
        timers.schedule(interval("b", created, EVERY_SECOND));
        assertThat(timers.timers()).containsOnlyKeys("ns/a", "ns/b");

        timers.unscheduleAll();
        assertThat(timers.timers()).isEmpty();
        assertThat(quartz.getJobKeys(GroupMatcher.jobGroupEquals(TimerScheduler.GROUP)))
                .isEmpty();
    }
}
