import json


class Summarize(object):
    """A plain class: StackStorm would call run(**parameters)."""

    def run(self, results):
        failed = [r for r in results if not r.get("ok")]
        return {"total": len(results), "failed": len(failed), "text": json.dumps(failed)}
