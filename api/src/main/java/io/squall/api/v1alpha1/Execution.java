package io.squall.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One run of an Action or Workflow (StackStorm execution). */
@Group(Names.GROUP)
@Version(Names.VERSION)
@ShortNames("ex")
@Categories(Names.CATEGORY)
@AdditionalPrinterColumn(name = "ACTION", jsonPath = ".spec.action.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TASKS", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "RULE", jsonPath = ".spec.context.rule", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "STARTED", jsonPath = ".status.startTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "DURATION", jsonPath = ".status.duration", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "AGE",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Execution extends CustomResource<ExecutionSpec, ExecutionStatus> implements Namespaced {}
