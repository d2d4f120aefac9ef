package io.squall.operator.inquiry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import io.squall.api.messages.Json;
import io.squall.operator.config.SquallConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.jboss.logging.Logger;

/**
 * The inquiry admission webhook (squall.inquiries.admission-webhook.enabled): HTTPS on its own port, POST
 * {@value #PATH}, answered by {@link InquiryAdmission}. At start every replica makes or reads the {@link WebhookSecret},
 * writes its CA into the MutatingWebhookConfiguration's caBundle (see {@link CaBundle}) and listens; until then, and
 * while that fails (retried every few seconds), the replica is not ready. The same Secret's stamp key lets the
 * operator check that a response came through the webhook ({@link #stamp()}).
 */
@ApplicationScoped
public class InquiryWebhook {
    public static final String PATH = "/inquiries/admit";
    /** The label the operator puts on inquiry Executions; the webhook configuration selects it. */
    public static final String LABEL = "squall.io/inquiry";

    private static final Logger LOG = Logger.getLogger(InquiryWebhook.class);
    private static final long RETRY_SECONDS = 5;

    private final SquallConfig.InquiryAdmissionWebhook config;
    private final KubernetesClient client;
    private final Vertx vertx;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "inquiry-webhook-start");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WebhookSecret.Credentials credentials;
    private volatile HttpServer server;

    public InquiryWebhook(SquallConfig config, KubernetesClient client, Vertx vertx) {
        this.config = config.inquiries().admissionWebhook();
        this.client = client;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            retries.execute(this::start);
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Serving, its CA in the webhook configuration. */
    public boolean serving() {
        return server != null;
    }

    /** The stamps of this operator's webhook; empty when it is off. */
    public Optional<ResponseStamp> stamp() {
        return config.enabled() ? Optional.of(new ResponseStamp(credentials().stampKey())) : Optional.empty();
    }

    private void start() {
        try {
            WebhookSecret.Credentials loaded = credentials();
            CaBundle.write(client, config.configuration(), loaded.caPem());
            InquiryAdmission admission = new InquiryAdmission(new ResponseStamp(loaded.stampKey()));
            HttpServerOptions options = new HttpServerOptions()
                    .setSsl(true)
                    .setHost("0.0.0.0")
                    .setPort(config.port())
                    .setKeyCertOptions(KeyCertOptions.wrap(keyManagers(loaded)));
            server = vertx.createHttpServer(options)
                    .requestHandler(request -> handle(request, admission))
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            LOG.infof(
                    "inquiry webhook: serving https://0.0.0.0:%d%s (certificate for %s)", config.port(), PATH, hosts());
        } catch (Exception e) {
            LOG.errorf(
                    "inquiry webhook: cannot start (%s); trying again in %ds, not ready until then",
                    e.getMessage(), RETRY_SECONDS);
            retries.schedule(this::start, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private synchronized WebhookSecret.Credentials credentials() {
        if (credentials == null) {
            String namespace = System.getenv().getOrDefault("POD_NAMESPACE", client.getNamespace());
            credentials = WebhookSecret.ensure(client, namespace, config.secret(), hosts());
        }
        return credentials;
    }

    private List<String> hosts() {
        return config.hosts()
                .orElseThrow(() -> new IllegalStateException("squall.inquiries.admission-webhook.hosts "
                        + "is not set: the DNS names or IP addresses the API server calls the webhook at"));
    }

    private static void handle(HttpServerRequest request, InquiryAdmission admission) {
        if (!PATH.equals(request.path()) || !"POST".equals(request.method().name())) {
            request.response().setStatusCode(404).end("POST " + PATH + " only\n");
            return;
        }
        request.body()
                .onSuccess(body -> {
                    JsonNode review;
                    try {
                        review = Json.mapper().readTree(body.getBytes());
                    } catch (java.io.IOException e) {
                        request.response().setStatusCode(400).end("not an AdmissionReview: " + e.getMessage() + "\n");
                        return;
                    }
                    request.response()
                            .putHeader("Content-Type", "application/json")
                            .end(admission.review(review).toString());
                })
                .onFailure(e -> request.response()
                        .setStatusCode(400)
                        .end("the request body cannot be read: " + e.getMessage() + "\n"));
    }

    private static KeyManagerFactory keyManagers(WebhookSecret.Credentials credentials) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(credentials.certPem().getBytes(StandardCharsets.UTF_8)));
        char[] password =
                Base64.getEncoder().encodeToString(credentials.stampKey()).toCharArray();
        store.setKeyEntry(
                "webhook", WebhookCertificates.privateKey(credentials.keyPem()), password, new Certificate[] {cert});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
        HttpServer running = server;
        if (running != null) {
            running.close();
        }
    }
}
