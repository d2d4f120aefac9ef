package io.squall.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.squall.api.v1alpha1.RunnerType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the operator can be told, under the prefix {@code squall}. Every key can be set as an environment
 * variable: {@code squall.nats.creds-file} is {@code SQUALL_NATS_CREDS_FILE}; the Helm chart fills the NATS
 * credentials from a Secret that way.
 */
@ConfigMapping(prefix = "squall")
public interface SquallConfig {

    /** Namespaces the controllers watch (comma-separated); unset watches all. Feeds quarkus.operator-sdk.namespaces. */
    Optional<List<String>> watchNamespaces();

    Nats nats();

    JetStream jetstream();

    Datastore datastore();

    LeaderElection leaderElection();

    Runner runner();

    Sensors sensors();

    Timers timers();

    Executions executions();

    Rules rules();

    Inquiries inquiries();

    interface Nats {
        /** Off for tests that do not need NATS; the operator then reconciles but publishes and consumes nothing. */
        @WithDefault("true")
        boolean enabled();

        /** Server URL; several may be given comma-separated, e.g. nats://nats-0:4222,nats://nats-1:4222. */
        @WithDefault("nats://localhost:4222")
        String url();

        Optional<String> user();

        Optional<String> password();

        Optional<String> token();

        /** Path of a NATS .creds file (JWT + nkey seed), e.g. mounted from a Secret. */
        Optional<String> credsFile();

        @WithDefault("squall-operator")
        String connectionName();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Wait between reconnect attempts of an established connection (which reconnects forever). */
        @WithDefault("2s")
        Duration reconnectWait();

        /** Wait between attempts while NATS was never reached or JetStream provisioning fails. */
        @WithDefault("5s")
        Duration retryInterval();
    }

    /** Limits of the SQUALL_TRIGGERS, SQUALL_RESULTS and SQUALL_DEADLETTER streams. */
    interface JetStream {
        /** Messages older than this are discarded. */
        @WithDefault("7d")
        Duration maxAge();

        /** Size limit of each stream in bytes; -1 is unlimited. */
        @WithDefault("-1")
        long maxBytes();

        @WithDefault("1")
        int replicas();

        /** Window in which a repeated Nats-Msg-Id (trigger instance id, result id) is dropped as a duplicate. */
        @WithDefault("2m")
        Duration duplicateWindow();
    }

    /** The squall-kv key-value bucket (StackStorm datastore). */
    interface Datastore {
        /** Values kept per key (1 keeps only the latest). */
        @WithDefault("5")
        int history();

        /** Keys expire after this long; unset keeps them forever. */
        Optional<Duration> ttl();

        /**
         * Key material for secret values (AES-256-GCM, key = SHA-256 of it, at least 16 bytes); the chart sets it from
         * the Secret {@code <release>-datastore-key}. Unset: secret values can be neither written nor read.
         */
        Optional<String> encryptionKey();

        /**
         * Without an encryption key: the Secret (in the operator's namespace, POD_NAMESPACE) the operator keeps the key
         * in, created with a random key when it is missing and never changed; the chart sets {@code
         * <release>-datastore-key}. Unset as well: no secret values.
         */
        Optional<String> keySecret();

        /** How often the leader deletes expired keys (they read as missing from the moment they expire). */
        @WithDefault("30s")
        Duration sweepInterval();
    }

    interface LeaderElection {
        @WithDefault("squall-operator-lease")
        String leaseName();

        /** Namespace of the Lease; default: POD_NAMESPACE, else the namespace of the kubeconfig/service account. */
        Optional<String> leaseNamespace();

        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }

    interface Runner {
        /** Image of the Job that runs one execution, unless the Action sets its own. */
        @WithDefault("squall/runner:latest")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        /** NATS URL the runner pods publish results to; default: squall.nats.url (the operator's). */
        Optional<String> natsUrl();

        /** User and group the runner container runs as (non-root; the runner image's user). */
        @WithDefault("10001")
        long runAsUser();

        /**
         * The runner types (shell, script, http, python, noop, kubernetes) the runner image runs, e.g. without python for an
         * image that has no python3. An Execution of an Action of another type, with no spec.image of its own, is
         * not started: it stays Requested with Ready=False (reason RunnerUnavailable) and a Warning Event.
         */
        @WithDefault("shell,script,http,python,noop,kubernetes")
        Set<RunnerType> types();
    }

    interface Sensors {
        /** Image of the built-in sensors (webhook, poll, kubernetes-events). */
        @WithDefault("squall/sensors:latest")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        /** NATS URL the sensor pods publish to; default: squall.nats.url (the operator's). */
        Optional<String> natsUrl();

        /** User and group the built-in sensor container runs as (non-root; the sensors image's user). */
        @WithDefault("10001")
        long runAsUser();

        /** Requests and limit of built-in sensor containers whose Sensor sets no spec.resources. */
        @WithDefault("50m")
        String cpuRequest();

        @WithDefault("128Mi")
        String memoryRequest();

        @WithDefault("256Mi")
        String memoryLimit();

        /**
         * ServiceAccount (of the sensor's namespace, made by the chart) that poll and kubernetes-events sensors run
         * as: their Lease and reading Events. Webhook and image sensors get no token.
         */
        @WithDefault("squall-sensor")
        String serviceAccount();

        SensorIngress ingress();
    }

    /** An Ingress per webhook sensor (squall.sensors.ingress.*): https://&lt;host&gt;/&lt;webhook path&gt; reaches its Service. */
    interface SensorIngress {
        @WithDefault("false")
        boolean enabled();

        /** spec.ingressClassName; unset uses the cluster's default class. */
        Optional<String> className();

        /** The host every webhook Ingress answers; unset answers any host. */
        Optional<String> host();

        /** TLS Secret (in each sensor's namespace) for the host; unset serves plain HTTP. */
        Optional<String> tlsSecret();

        /** Annotations of every webhook Ingress, as a JSON object, e.g. {"cert-manager.io/cluster-issuer":"le"}. */
        Optional<String> annotations();
    }

    /** Timers (core.timer.interval|cron|date): Quartz jobs in the leader that publish trigger events. */
    interface Timers {
        /** Off: this operator fires no timers. Needs squall.nats.enabled. */
        @WithDefault("true")
        boolean enabled();

        /**
         * A fire that is due but late (leader change, pause) is still fired once if at most this late, else
         * skipped. At most squall.jetstream.duplicate-window, so a fire repeated by two leaders is dropped.
         */
        @WithDefault("1m")
        Duration misfireGrace();
    }

    interface Executions {
        /** Results larger than this are truncated in Execution.status and kept whole outside etcd. */
        @WithDefault("65536")
        int resultMaxBytes();

        /** Finished Executions (and their Jobs) older than this are deleted. */
        @WithDefault("7d")
        Duration historyTtl();

        /** At most this many finished Executions are kept per namespace; the oldest go first. */
        @WithDefault("1000")
        int historyCount();

        /** How often finished Executions are checked against history-ttl and history-count. */
        @WithDefault("1m")
        Duration historySweepInterval();

        /** Added to the action timeout for the Job's activeDeadlineSeconds, so the runner's own timeout reports first. */
        @WithDefault("30s")
        Duration deadlineGrace();

        /** How long a runner that exited 0 may take for its result to arrive before the execution fails. */
        @WithDefault("30s")
        Duration resultGrace();

        /** How long a runner pod may fail to pull its image (ImagePullBackOff...) before the attempt fails. */
        @WithDefault("2m")
        Duration imagePullGrace();

        /** ttlSecondsAfterFinished of runner Jobs: Kubernetes deletes finished Jobs (and pods) after this. */
        @WithDefault("1h")
        Duration jobTtlAfterFinished();

        /** Results applied in parallel by this operator replica (the results consumer is shared by replicas). */
        @WithDefault("4")
        int resultWorkers();

        /** A result not acknowledged within this time is redelivered (to this or another replica). */
        @WithDefault("30s")
        Duration resultAckWait();
    }

    /** The rules engine: the shared durable consumer of SQUALL_TRIGGERS that turns matches into Executions. */
    interface Rules {
        /** Off: this replica consumes no triggers (it still reconciles). Needs squall.nats.enabled. */
        @WithDefault("true")
        boolean enabled();

        /** Triggers pulled from JetStream per request. */
        @WithDefault("64")
        int batchSize();

        /** Triggers processed in parallel by one replica; more replicas share the same consumer. */
        @WithDefault("16")
        int maxConcurrency();

        /** A trigger not acknowledged within this time is delivered again (to this or another replica). */
        @WithDefault("30s")
        Duration ackWait();

        /** Delay before a trigger is delivered again after an API server error. */
        @WithDefault("5s")
        Duration retryDelay();

        /** Rule status counters are accumulated in memory and written at most this often per rule. */
        @WithDefault("5s")
        Duration statusFlushInterval();
    }

    /** Inquiries (core-ask): who may answer them. */
    interface Inquiries {
        InquiryAdmissionWebhook admissionWebhook();
    }

    /**
     * The admission webhook that enforces an inquiry's users and roles (squall.inquiries.admission-webhook.*). On:
     * the operator serves it over HTTPS, keeps its certificate and stamp key in a Secret of its namespace, writes the
     * CA into the webhook configuration's caBundle, and accepts only responses the webhook stamped.
     */
    interface InquiryAdmissionWebhook {
        @WithDefault("false")
        boolean enabled();

        /** The HTTPS port of the webhook (path /inquiries/admit). */
        @WithDefault("8443")
        int port();

        /** The Secret (in POD_NAMESPACE) with the CA, the serving certificate and key, and the stamp key. */
        @WithDefault("squall-inquiry-webhook")
        String secret();

        /** The MutatingWebhookConfiguration whose caBundle the operator writes. */
        @WithDefault("squall-inquiries")
        String configuration();

        /** DNS names or IP addresses the API server calls the webhook at (the serving certificate's SANs). */
        Optional<List<String>> hosts();
    }
}
