"""Squall python runner wrapper (the role of StackStorm's python_action_wrapper.py).

usage: python3 python_wrapper.py <script> <entry point> <invocation.json> <result.json>

Reads <invocation.json> ({"parameters", "config", "pack", "datastore": {"port", "token"}}) and deletes it, imports
the action script, calls its entry point with the parameters as keyword arguments and writes
{"status": <bool or null>, "result": <return value>} to <result.json>. The entry point is a module-level function
("run") or "Class.method"; a StackStorm Action class is instantiated as StackStorm does, with the pack config and
the action service, any other class without arguments. As in StackStorm, returning a (bool, value) tuple sets the
status explicitly. An exception propagates: Python prints the traceback on stderr and exits with 1, and the runner
reports the attempt failed.

A StackStorm action runs unchanged: unless the real st2common is installed in the image, this provides the module
st2common.runners.base_action with its Action class: self.config (the pack config), self.logger (to stderr) and
self.action_service, StackStorm's datastore service (get_value, set_value, delete_value, list_values) on Squall's
datastore in the Execution's namespace, reached through the runner on 127.0.0.1 with a one-attempt token.
"""
import http.client
import importlib.util
import json
import logging
import os
import sys
import types

SYSTEM_SCOPE = "system"
# StackStorm's DATASTORE_KEY_SEPARATOR: local keys are "<pack>.<Class>:<name>"
DATASTORE_KEY_SEPARATOR = ":"


class DatastoreError(Exception):
    """The datastore refused an operation or could not be reached; the message says why."""


class KeyValuePair(object):
    """An item of list_values(), with the attributes of StackStorm's st2client KeyValuePair an action reads."""

    def __init__(self, name, value, secret, scope, expire_timestamp):
        self.name = name
        self.value = value
        self.secret = secret
        self.scope = scope
        self.expire_timestamp = expire_timestamp

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (self.name, "********" if self.secret else self.value)


class DatastoreClient(object):
    """Calls the runner's loopback datastore endpoint (no proxy: the address is 127.0.0.1)."""

    def __init__(self, port, token):
        self._port = port
        self._token = token

    def call(self, operation, **arguments):
        connection = http.client.HTTPConnection("127.0.0.1", self._port, timeout=60)
        try:
            connection.request("POST", "/" + operation, body=json.dumps(arguments),
                               headers={"Authorization": "Bearer " + self._token,
                                        "Content-Type": "application/json"})
            response = connection.getresponse()
            answer = json.loads(response.read().decode("utf-8"))
        finally:
            connection.close()
        if response.status != 200:
            raise DatastoreError("action_service.%s: %s" % (operation, answer.get("error", response.reason)))
        return answer


class ActionService(object):
    """StackStorm's ActionService datastore methods (st2common.services.datastore.BaseDatastoreService): keys in the
    system scope of the Execution's namespace; local=True keys are prefixed with "<pack>.<Class>:"."""

    def __init__(self, client, pack, class_name, logger):
        self._client = client
        self._pack = pack
        self._class_name = class_name
        self._logger = logger

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        """The value (a string), or None when the key does not exist or has expired."""
        self._check_scope(scope)
        answer = self._client.call("get", name=self._full_name(name, local), decrypt=bool(decrypt))
        return answer["value"] if answer["found"] else None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        """Sets the key to str(value), as StackStorm does; ttl in seconds. Returns True."""
        self._check_scope(scope)
        full = self._full_name(name, local)
        self._logger.debug("Setting value in the datastore (name=%s)", full)
        self._client.call("set", name=full, value=str(value), ttl=int(ttl) if ttl else None, encrypt=bool(encrypt))
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        """True when the key was deleted, False when it did not exist (StackStorm: False when the delete failed)."""
        self._check_scope(scope)
        return self._client.call("delete", name=self._full_name(name, local))["deleted"]

    def list_values(self, local=True, prefix=None):
        """The keys whose full names start with the local prefix (local=True) and then prefix, by name."""
        if local:
            full_prefix = self._local_prefix("list_values(prefix=%r)" % (prefix,)) + (prefix or "")
        else:
            full_prefix = prefix
        items = self._client.call("list", prefix=full_prefix)["items"]
        return [KeyValuePair(i["name"], i["value"], i["secret"], i["scope"], i.get("expire_timestamp"))
                for i in items]

    def _full_name(self, name, local):
        if not local:
            return name
        return self._local_prefix("%r" % (name,)) + name

    def _local_prefix(self, what):
        if not self._pack:
            raise DatastoreError("action_service key %s with local=True is named '<pack>.%s:...' in StackStorm, and "
                                 "this Action has no spec.pack: set spec.pack or pass local=False"
                                 % (what, self._class_name))
        return "%s.%s%s" % (self._pack, self._class_name, DATASTORE_KEY_SEPARATOR)

    @staticmethod
    def _check_scope(scope):
        # StackStorm's action service supports the system scope only
        if scope != SYSTEM_SCOPE:
            raise ValueError("Scope %s is unsupported." % scope)


class Action(object):
    """StackStorm's st2common.runners.base_action.Action."""

    def __init__(self, config=None, action_service=None):
        self.config = config if config is not None else {}
        self.action_service = action_service
        self.logger = logging.getLogger("actions.python." + type(self).__name__)

    def run(self, **kwargs):
        raise NotImplementedError("run(self, **parameters) is not defined")


def install_stackstorm_action_api():
    """Makes `from st2common.runners.base_action import Action` work when st2common itself is absent; returns the
    Action class actions derive from."""
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return importlib.import_module("st2common.runners.base_action").Action
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
    return Action


def load_invocation(path):
    with open(path, encoding="utf-8") as f:
        invocation = json.load(f)
    # secret values leave the disk as soon as they are read
    os.remove(path)
    return invocation


def instantiate(cls, action_class, invocation, client):
    if isinstance(cls, type) and issubclass(cls, action_class):
        service = ActionService(client, invocation.get("pack"), cls.__name__,
                                logging.getLogger("actions.python." + cls.__name__))
        return cls(config=invocation.get("config") or {}, action_service=service)
    return cls()


def resolve(module, entry_point, action_class, invocation, client):
    owner_name, _, method_name = entry_point.rpartition(".")
    owner = module
    if owner_name:
        if not hasattr(module, owner_name):
            raise LookupError("entryPoint %r: the script defines no class %r" % (entry_point, owner_name))
        owner = instantiate(getattr(module, owner_name), action_class, invocation, client)
    target = getattr(owner, method_name, None)
    if not callable(target):
        raise LookupError("entryPoint %r: the script defines no function %r (define it or set entryPoint)"
                          % (entry_point, method_name))
    return target


def main():
    script, entry_point, invocation_file, result_file = sys.argv[1:5]
    invocation = load_invocation(invocation_file)
    datastore = invocation.get("datastore") or {}
    client = DatastoreClient(datastore.get("port"), datastore.get("token", ""))
    sys.argv = [script]
    action_class = install_stackstorm_action_api()
    spec = importlib.util.spec_from_file_location("squall_action", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    value = resolve(module, entry_point, action_class, invocation, client)(**invocation.get("parameters", {}))
    status = None
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bool):
        status, value = value
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump({"status": status, "result": value}, f, default=str)


if __name__ == "__main__":
    main()
