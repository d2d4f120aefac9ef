package io.squall.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Trigger + criteria + action (StackStorm rule). */
@Group(Names.GROUP)
@Version(Names.VERSION)
@ShortNames("rl")
@Categories(Names.CATEGORY)
@AdditionalPrinterColumn(name = "TRIGGER", jsonPath = ".spec.trigger.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ACTION", jsonPath = ".spec.action.ref", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ENABLED", jsonPath = ".spec.enabled", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "MATCHES", jsonPath = ".status.matched", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "READY",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Rule extends CustomResource<RuleSpec, RuleStatus> implements Namespaced {}
