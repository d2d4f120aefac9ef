package io.squall.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.squall.api.v1alpha1.Sensor;
import io.squall.api.v1alpha1.SensorStatus;
import io.squall.operator.status.StatusWriter;
import io.squall.operator.validation.SensorValidator;

/** Validates Sensors; the Deployment (and webhook Service) they run as come with the sensors issue. */
@ControllerConfiguration(name = SensorReconciler.NAME)
public class SensorReconciler implements Reconciler<Sensor> {

    public static final String NAME = "sensor";

    private final StatusWriter statusWriter;

    public SensorReconciler(StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
    }

    @Override
    public UpdateControl<Sensor> reconcile(Sensor sensor, Context<Sensor> context) {
        return statusWriter.write(sensor, SensorStatus::new, SensorValidator.validate(sensor.getSpec()));
    }
}
