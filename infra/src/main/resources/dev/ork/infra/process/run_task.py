"""Ork's Python task runner (standard library only).

Contract (see docs/executors.md):
  ORK_TASK_FILE or ORK_TASK_MODULE   where the function lives
  ORK_TASK_FUNCTION                  its name (default: main)
  ORK_INPUT_JSON or ORK_INPUT_FILE   the input object (default: {}); only the file when over 128 KiB
The result is printed as the last stdout line, ``ORK_OUTPUT:<json>`` (nothing when it is None).
Exit codes: 0 success, 1 the task raised (traceback on stderr), 2 the runner could not load the task,
read the input or serialise the result.
"""
import base64
import dataclasses
import datetime
import decimal
import enum
import importlib
import importlib.util
import inspect
import json
import os
import pathlib
import sys
import traceback
import uuid

OUTPUT_PREFIX = "ORK_OUTPUT:"
_BUILTIN_TYPES = (dict, list, tuple, set, str, int, float, bool, bytes, object, type(None))


class _TrackingStdout:
    """Wraps sys.stdout to know whether the user's prints left a partial line."""

    def __init__(self, inner):
        self._inner = inner
        self.at_line_start = True

    def write(self, text):
        if text:
            self.at_line_start = text.endswith("\n")
        return self._inner.write(text)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _fail(message, code=2):
    sys.stderr.write("ork runner: " + message + "\n")
    sys.stderr.flush()
    sys.exit(code)


def _load_function():
    name = os.environ.get("ORK_TASK_FUNCTION") or "main"
    task_file = os.environ.get("ORK_TASK_FILE")
    task_module = os.environ.get("ORK_TASK_MODULE")
    if task_file:
        path = pathlib.Path(task_file).resolve()
        folder = str(path.parent)
        if folder not in sys.path:
            sys.path.insert(1 if sys.path else 0, folder)
        mod_name = path.stem if path.stem not in sys.modules else "ork_task_" + path.stem
        spec = importlib.util.spec_from_file_location(mod_name, str(path))
        if spec is None or spec.loader is None:
            _fail("cannot load task file " + task_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module
        spec.loader.exec_module(module)
        where = task_file
    elif task_module:
        module = importlib.import_module(task_module)
        where = task_module
    else:
        _fail("neither ORK_TASK_FILE nor ORK_TASK_MODULE is set")
    fn = getattr(module, name, None)
    if fn is None or not callable(fn):
        _fail("function '%s' not found in %s" % (name, where))
    return fn


def _annotations(fn):
    try:
        import typing
        return typing.get_type_hints(fn)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}) or {})


def _build(annotation, value):
    """Ann(**value) for a class annotation and an object value; the raw value otherwise."""
    if (
        isinstance(value, dict)
        and isinstance(annotation, type)
        and annotation not in _BUILTIN_TYPES
        and not issubclass(annotation, dict)
    ):
        try:
            return annotation(**value)
        except Exception:
            return value
    return value


def _call(fn, data):
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    named = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    var_kw = any(p.kind == p.VAR_KEYWORD for p in params)
    hints = _annotations(fn)
    if isinstance(data, dict) and (len(named) > 1 or (len(named) == 1 and named[0].name in data)):
        args, kwargs = [], {}
        for p in named:
            if p.name not in data:
                continue  # missing keys are left out so Python defaults apply
            value = _build(hints.get(p.name), data[p.name])
            if p.kind == p.POSITIONAL_ONLY:
                args.append(value)
            else:
                kwargs[p.name] = value
        if var_kw:
            known = {p.name for p in named}
            kwargs.update({k: v for k, v in data.items() if k not in known})
        return fn(*args, **kwargs)
    if not named:
        if var_kw and isinstance(data, dict):
            return fn(**data)
        return fn()
    return fn(_build(hints.get(named[0].name), data))


def _default(obj):
    if isinstance(obj, (datetime.datetime, datetime.date, datetime.time)):
        return obj.isoformat()
    if isinstance(obj, datetime.timedelta):
        return obj.total_seconds()
    if isinstance(obj, decimal.Decimal):
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if isinstance(obj, pathlib.PurePath):
        return str(obj)
    if isinstance(obj, (bytes, bytearray)):
        try:
            return bytes(obj).decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(bytes(obj)).decode("ascii")
    if hasattr(obj, "model_dump") and callable(obj.model_dump):
        return obj.model_dump()
    if hasattr(obj, "dict") and callable(obj.dict):
        return obj.dict()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)


def main():
    raw, source = os.environ.get("ORK_INPUT_JSON"), "ORK_INPUT_JSON"
    if raw is None and os.environ.get("ORK_INPUT_FILE"):
        source = "ORK_INPUT_FILE"
        try:
            with open(os.environ["ORK_INPUT_FILE"], encoding="utf-8") as f:
                raw = f.read()
        except OSError as e:
            _fail("cannot read ORK_INPUT_FILE: %s" % e)
    try:
        data = json.loads(raw) if raw and raw.strip() else {}
    except ValueError as e:
        _fail("%s is not valid JSON: %s" % (source, e))

    try:
        fn = _load_function()
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        _fail("cannot load the task")

    tracker = _TrackingStdout(sys.stdout)
    sys.stdout = tracker
    try:
        result = _call(fn, data)
    except SystemExit:
        sys.stdout = tracker._inner
        sys.stdout.flush()
        raise
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        sys.stdout = tracker._inner
        sys.stdout.flush()
        return 1
    finally:
        if sys.stdout is tracker:
            sys.stdout = tracker._inner

    if result is None:
        sys.stdout.flush()
        return 0
    try:
        text = json.dumps(result, default=_default, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as e:
        sys.stdout.flush()
        _fail("cannot serialise the task's result as JSON: %s" % e)
    if not tracker.at_line_start:
        sys.stdout.write("\n")
    sys.stdout.write(OUTPUT_PREFIX + text + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
