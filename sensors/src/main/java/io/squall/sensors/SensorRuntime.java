package io.squall.sensors;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.squall.api.v1alpha1.KubernetesEventsConfig;
import io.squall.api.v1alpha1.PollConfig;
import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.sensors.kubernetes.EventWatermark;
import io.squall.sensors.kubernetes.EventsSettings;
import io.squall.sensors.kubernetes.KubernetesEventSensor;
import io.squall.sensors.poll.CommandDocumentSource;
import io.squall.sensors.poll.DocumentSource;
import io.squall.sensors.poll.HttpDocumentSource;
import io.squall.sensors.poll.PollSensor;
import io.squall.sensors.poll.PollSettings;
import io.squall.sensors.poll.PollStateStore;
import io.squall.sensors.sdk.Sensor;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.webhook.WebhookAuth;
import io.squall.sensors.webhook.WebhookHandler;
import io.squall.sensors.webhook.WebhookSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one built-in sensor this process runs, chosen by SQUALL_SENSOR_TYPE: a webhook endpoint (every
 * replica serves), or a poll / kubernetes-events task that only the Lease holder runs.
 */
public final class SensorRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SensorRuntime.class);

    private final SensorContext context;
    private final Sensor sensor;
    private final WebhookHandler webhook;
    private final LeaderGate leaderGate;
    private final LeaderTask unguardedTask;
    private final KubernetesEventSensor eventSensor;
    private final KubernetesClient kubernetes;

    private SensorRuntime(
            SensorContext context,
            Sensor sensor,
            WebhookHandler webhook,
            LeaderTask task,
            KubernetesEventSensor eventSensor,
            KubernetesClient kubernetes) {
        this.context = context;
        this.sensor = sensor;
        this.webhook = webhook;
        boolean elect = task != null && context.leaderElection();
        this.leaderGate = elect
                ? new LeaderGate(
                        kubernetes,
                        context.podNamespace(),
                        LeaderGate.leaseName(context.name()),
                        context.podName(),
                        LeaderGate.Timings.DEFAULT,
                        task)
                : null;
        this.unguardedTask = elect ? null : task;
        this.eventSensor = eventSensor;
        this.kubernetes = kubernetes;
    }

    /** Checks the configuration (failing with the field at fault) and connects to NATS in the background. */
    public static SensorRuntime create(SensorContext context) throws InterruptedException {
        switch (context.type()) {
            case "webhook" -> {
                WebhookSettings settings = WebhookSettings.from(
                        SensorConfigs.read(context.config(), WebhookConfig.class),
                        context.name(),
                        context.triggerTypes());
                WebhookAuth auth = WebhookAuth.of(settings.auth(), context);
                Sensor sensor = Sensor.start(context);
                return new SensorRuntime(
                        context,
                        sensor,
                        new WebhookHandler(settings, auth, sensor, context.namespace(), context.name()),
                        null,
                        null,
                        null);
            }
            case "poll" -> {
                PollSettings settings = PollSettings.from(SensorConfigs.read(context.config(), PollConfig.class));
                Sensor sensor = Sensor.start(context);
                PollSensor poll = new PollSensor(
                        settings,
                        context.namespace(),
                        context.name(),
                        documentSource(settings, context),
                        new PollStateStore(sensor::keyValue, context.namespace(), context.name()),
                        sensor);
                KubernetesClient kubernetes = context.leaderElection() ? new KubernetesClientBuilder().build() : null;
                return new SensorRuntime(context, sensor, null, poll, null, kubernetes);
            }
            case "kubernetes-events" -> {
                EventsSettings settings = EventsSettings.from(
                        SensorConfigs.read(context.config(), KubernetesEventsConfig.class), context.namespace());
                Sensor sensor = Sensor.start(context);
                KubernetesClient kubernetes = new KubernetesClientBuilder().build();
                KubernetesEventSensor events = new KubernetesEventSensor(
                        settings,
                        context.namespace(),
                        context.name(),
                        kubernetes,
                        sensor,
                        new EventWatermark(sensor::keyValue, context.namespace(), context.name()),
                        Clock.systemUTC());
                return new SensorRuntime(context, sensor, null, events, events, kubernetes);
            }
            default ->
                throw new IllegalArgumentException(
                        SensorContext.SENSOR_TYPE + " '" + context.type()
                                + "' is not a built-in sensor (webhook, poll, kubernetes-events); an image sensor runs its own program");
        }
    }

    static DocumentSource documentSource(PollSettings settings, SensorContext context) {
        // a poll may take up to its interval, within [10s, 60s]
        long seconds = Math.max(10, Math.min(60, settings.interval().toSeconds()));
        return settings.url() != null
                ? new HttpDocumentSource(
                        settings.url(), settings.headers(), context::secret, Duration.ofSeconds(seconds))
                : new CommandDocumentSource(settings.command(), Duration.ofSeconds(seconds));
    }

    /** Starts competing for the Lease (poll, kubernetes-events); a webhook serves once mounted. */
    public void start() {
        LOG.infof("starting %s", context);
        if (leaderGate != null) {
            leaderGate.start();
        } else if (unguardedTask != null) {
            LOG.warnf("%s=false: running without a Lease; run one replica only", SensorContext.LEADER_ELECTION);
            unguardedTask.start();
        }
    }

    /** The webhook endpoint, for a webhook sensor. */
    public Optional<WebhookHandler> webhook() {
        return Optional.ofNullable(webhook);
    }

    public SensorContext context() {
        return context;
    }

    /** Ready: NATS is connected, so triggers can be stored now. */
    public boolean ready() {
        return sensor.isConnected();
    }

    /** Alive: nothing has failed for good (a failed watch needs a restart). */
    public boolean alive() {
        return eventSensor == null || eventSensor.healthy();
    }

    /** Facts for the health output. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("sensor", context.namespace() + "/" + context.name());
        status.put("type", context.type());
        status.put("nats", sensor.isConnected() ? "connected" : "disconnected");
        if (leaderGate != null) {
            status.put("lease", leaderGate.describe());
            status.put("leader", leaderGate.isLeader());
        }
        webhook()
                .ifPresent(
                        handler -> status.put("path", "/" + handler.settings().path()));
        return status;
    }

    @Override
    public void close() throws InterruptedException {
        if (leaderGate != null) {
            leaderGate.close();
        } else if (unguardedTask != null) {
            unguardedTask.stop();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        sensor.close();
    }
}
