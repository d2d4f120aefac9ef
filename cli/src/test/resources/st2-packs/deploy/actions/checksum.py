import hashlib

from st2common.runners.base_action import Action


class ChecksumAction(Action):
    def run(self, text):
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.logger.info("sha256 of %d characters", len(text))
        return True, {"sha256": digest}
