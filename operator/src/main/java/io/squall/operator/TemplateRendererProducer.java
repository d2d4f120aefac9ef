package io.squall.operator;

import io.squall.engine.template.TemplateRenderer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator's one TemplateRenderer (Jinjava with StackStorm's filters): thread-safe, and costly enough to build
 * (its filters and interpreter configuration) that the rules engine, the execution lifecycle and the workflow engine
 * share it.
 */
public class TemplateRendererProducer {

    @Produces
    @Singleton
    TemplateRenderer templateRenderer() {
        return new TemplateRenderer();
    }
}
