"""Squall python runner wrapper (the role of StackStorm's python_action_wrapper.py).

usage: python3 python_wrapper.py <script> <entry point> <parameters.json> <result.json>

Imports the action script, calls its entry point with the parameters as keyword arguments and writes
{"status": <bool or null>, "result": <return value>} to <result.json>. The entry point is a module-level
function ("run") or "Class.method" (the class is instantiated without arguments). As in StackStorm,
returning a (bool, value) tuple sets the status explicitly. An exception propagates: Python prints the
traceback on stderr and exits with 1, and the runner reports the attempt failed.

A StackStorm action runs unchanged as far as Squall provides StackStorm's action API: the module
st2common.runners.base_action with its Action class (self.logger logs to stderr; self.config is the pack
config, which Squall does not pass to actions yet, so it is empty; self.action_service, StackStorm's
datastore access, raises a clear error until Squall's datastore is there), unless the real st2common is
installed in the image.
"""
import importlib.util
import json
import logging
import os
import sys
import types


class DatastoreUnavailable(object):
    """self.action_service of a StackStorm action: every datastore call says it is not there yet."""

    def __getattr__(self, name):
        def unavailable(*args, **kwargs):
            raise RuntimeError("action_service.%s: Squall does not give python actions StackStorm's datastore "
                               "service yet" % name)
        return unavailable


class Action(object):
    """StackStorm's st2common.runners.base_action.Action, as much of it as Squall provides."""

    def __init__(self, config=None, action_service=None):
        self.config = config if config is not None else {}
        self.action_service = action_service if action_service is not None else DatastoreUnavailable()
        self.logger = logging.getLogger("st2.action." + type(self).__name__)

    def run(self, **kwargs):
        raise NotImplementedError("run(self, **parameters) is not defined")


def install_stackstorm_action_api():
    """Makes `from st2common.runners.base_action import Action` work when st2common itself is absent."""
    try:
        importlib.import_module("st2common.runners.base_action")
        return
    except ImportError:
        pass
    for name in ("st2common", "st2common.runners"):
        module = types.ModuleType(name)
        module.__path__ = []
        sys.modules[name] = module
    base_action = types.ModuleType("st2common.runners.base_action")
    base_action.Action = Action
    sys.modules["st2common.runners.base_action"] = base_action
    sys.modules["st2common"].runners = sys.modules["st2common.runners"]
    sys.modules["st2common.runners"].base_action = base_action
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def load_parameters(path):
    with open(path, encoding="utf-8") as f:
        parameters = json.load(f)
    # secret values leave the disk as soon as they are read
    os.remove(path)
    return parameters


def resolve(module, entry_point):
    owner_name, _, method_name = entry_point.rpartition(".")
    owner = module
    if owner_name:
        if not hasattr(module, owner_name):
            raise LookupError("entryPoint %r: the script defines no class %r" % (entry_point, owner_name))
        owner = getattr(module, owner_name)()
    target = getattr(owner, method_name, None)
    if not callable(target):
        raise LookupError("entryPoint %r: the script defines no function %r (define it or set entryPoint)"
                          % (entry_point, method_name))
    return target


def main():
    script, entry_point, parameters_file, result_file = sys.argv[1:5]
    parameters = load_parameters(parameters_file)
    sys.argv = [script]
    install_stackstorm_action_api()
    spec = importlib.util.spec_from_file_location("squall_action", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    value = resolve(module, entry_point)(**parameters)
    status = None
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bool):
        status, value = value
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump({"status": status, "result": value}, f, default=str)


if __name__ == "__main__":
    main()
