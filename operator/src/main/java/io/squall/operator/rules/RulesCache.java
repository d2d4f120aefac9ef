package io.squall.operator.rules;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.Workflow;
import io.squall.operator.config.SquallConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The rules engine's view of Rules, Actions and Workflows: informers in the watched namespaces (all, or
 * squall.watch-namespaces). They run on every operator replica — the rules engine is not leader-only, while
 * JOSDK reconciles only on the leader — and keep the {@link RuleIndex} current.
 */
@Singleton
public final class RulesCache {

    private static final Logger LOG = Logger.getLogger(RulesCache.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final RuleIndex index = new RuleIndex();
    private final List<SharedIndexInformer<Rule>> rules = new ArrayList<>();
    private final List<SharedIndexInformer<Action>> actions = new ArrayList<>();
    private final List<SharedIndexInformer<Workflow>> workflows = new ArrayList<>();

    /** The operator's: the namespaces it watches (all when none are set). */
    @Inject
    public RulesCache(KubernetesClient client, SquallConfig config) {
        this(client, config.watchNamespaces().orElse(List.of()));
    }

    /** @param namespaces the watched namespaces; empty watches all */
    public RulesCache(KubernetesClient client, List<String> namespaces) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
    }

    /** Starts the informers and waits until each has listed its resources once. */
    public synchronized void start(Duration timeout) throws TimeoutException {
        if (!rules.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        for (String namespace : namespaces.isEmpty() ? List.of("") : namespaces) {
            SharedIndexInformer<Rule> ruleInformer = informer(Rule.class, namespace);
            ruleInformer.addEventHandler(new IndexFeeder());
            rules.add(ruleInformer);
            actions.add(informer(Action.class, namespace));
            workflows.add(informer(Workflow.class, namespace));
        }
        for (SharedIndexInformer<?> informer : all()) {
            synced.add(informer.start().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while listing Rules, Actions and Workflows");
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list Rules, Actions and Workflows: " + e.getCause().getMessage(), e.getCause());
        }
        // the handler is notified asynchronously; the stores are complete now
        rules.forEach(informer -> informer.getStore().list().forEach(index::put));
        LOG.infof(
                "Rules engine watches %s: %d enabled rules",
                namespaces.isEmpty() ? "all namespaces" : namespaces, index.size());
    }

    public synchronized void stop() {
        all().forEach(SharedIndexInformer::stop);
        rules.clear();
        actions.clear();
        workflows.clear();
    }

    public RuleIndex index() {
        return index;
    }

    /** The Rule as last seen by the informer (status included). */
    public Optional<Rule> rule(String namespace, String name) {
        return cached(rules, namespace, name);
    }

    /**
     * The Action or Workflow a rule runs: from the informer cache, else read from the API server (it may have
     * been created a moment ago); empty when it does not exist.
     */
    public Optional<Target> target(String namespace, ActionKind kind, String name) {
        if (kind == ActionKind.Workflow) {
            return cached(workflows, namespace, name)
                    .or(() -> read(Workflow.class, namespace, name))
                    .map(Target::of);
        }
        return cached(actions, namespace, name)
                .or(() -> read(Action.class, namespace, name))
                .map(Target::of);
    }

    private <T extends HasMetadata> Optional<T> read(Class<T> type, String namespace, String name) {
        try {
            return Optional.ofNullable(
                    client.resources(type).inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw RetryLaterException.of("cannot read " + type.getSimpleName() + " " + namespace + "/" + name, e);
        }
    }

    private static <T extends HasMetadata> Optional<T> cached(
            List<SharedIndexInformer<T>> informers, String namespace, String name) {
        String key = Cache.namespaceKeyFunc(namespace, name);
        for (SharedIndexInformer<T> informer : informers) {
            T found = informer.getStore().getByKey(key);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type, String namespace) {
        var resources = client.resources(type);
        return namespace.isEmpty()
                ? resources.inAnyNamespace().runnableInformer(0)
                : resources.inNamespace(namespace).runnableInformer(0);
    }

    private List<SharedIndexInformer<?>> all() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(rules);
        all.addAll(actions);
        all.addAll(workflows);
        return all;
    }

    /** Keeps the index in step with the Rule informer. */
    private final class IndexFeeder implements ResourceEventHandler<Rule> {
        @Override
        public void onAdd(Rule rule) {
            index.put(rule);
        }

        @Override
        public void onUpdate(Rule before, Rule after) {
            index.put(after);
        }

        @Override
        public void onDelete(Rule rule, boolean deletedFinalStateUnknown) {
            index.remove(rule.getMetadata().getNamespace(), rule.getMetadata().getName());
        }
    }
}
