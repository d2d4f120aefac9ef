"""Squall python runner wrapper (the role of StackStorm's python_action_wrapper.py).

usage: python3 python_wrapper.py <script> <entry point> <parameters.json> <result.json>

Imports the action script, calls its entry point with the parameters as keyword arguments and writes
{"status": <bool or null>, "result": <return value>} to <result.json>. The entry point is a module-level
function ("run") or "Class.method" (the class is instantiated without arguments). As in StackStorm,
returning a (bool, value) tuple sets the status explicitly. An exception propagates: Python prints the
traceback on stderr and exits with 1, and the runner reports the attempt failed.
"""
import importlib.util
import json
import os
import sys


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
