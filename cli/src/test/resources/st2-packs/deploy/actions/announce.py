import requests

from st2common.runners.base_action import Action


class AnnounceAction(Action):
    def run(self, message, channel):
        url = self.config["slack_webhook"]
        self.logger.info("announcing to %s", channel)
        response = requests.post(url, json={"channel": channel, "text": message}, timeout=10)
        return response.ok, {"status": response.status_code}
