from st2reactor.sensor.base import PollingSensor


class AlertSensor(PollingSensor):
    def setup(self):
        pass

    def poll(self):
        self.sensor_service.dispatch(trigger="monitoring.alert", payload={})

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
