"""Every ``do_*`` action in the project writes an audit event with a labelled code.

Walks every module under ``zhenggai`` (importing them all), finds each ``do_*``
function, and checks that it — directly or through the helpers and actions it calls —
calls ``record()`` with a dotted code registered in ``zhenggai.audit.codes``. ``record()``
itself refuses an unregistered code at run time, so the workflow tests that execute the
actions check the same rule on real data.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap

import pytest

import zhenggai
from zhenggai.audit.codes import ACTION_LABELS
from zhenggai.audit.log import record

CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _modules():
    for info in pkgutil.walk_packages(zhenggai.__path__, "zhenggai."):
        if ".migrations" in info.name or info.name.endswith(("__main__", "wsgi")):
            continue
        yield importlib.import_module(info.name)


def _actions() -> dict[str, object]:
    found = {}
    for module in _modules():
        for name, fn in vars(module).items():
            if (
                name.startswith("do_")
                and inspect.isfunction(fn)
                and fn.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = fn
    return found


def _codes_written(fn, seen: set) -> set[str]:
    """Audit codes ``fn`` passes to record(), following the module functions it calls."""
    fn = inspect.unwrap(fn)
    if fn in seen or not inspect.isfunction(fn):
        return set()
    seen.add(fn)
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    codes = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "record" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            codes.add(node.args[1].value)
        callee = fn.__globals__.get(name)
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            owner = fn.__globals__.get(node.func.value.id)
            callee = getattr(owner, name, None) if inspect.ismodule(owner) else callee
        if (
            inspect.isfunction(callee)
            and callee is not record
            and callee.__module__.startswith("zhenggai")
        ):
            codes |= _codes_written(callee, seen)
    return codes


ACTIONS = _actions()


def test_every_code_is_dotted_and_labelled_in_chinese():
    for code, label in ACTION_LABELS.items():
        assert CODE.match(code), code
        assert re.search(r"[\u4e00-\u9fff]", label), code


def test_the_walk_finds_the_actions():
    assert len(ACTIONS) >= 30, sorted(ACTIONS)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_writes_a_labelled_audit_event(name):
    codes = _codes_written(ACTIONS[name], set())
    assert codes, f"{name} writes no audit event"
    assert codes <= set(ACTION_LABELS), f"{name}: unregistered {codes - set(ACTION_LABELS)}"


@pytest.mark.django_db
def test_record_refuses_an_unregistered_code():
    with pytest.raises(ValueError, match="not registered"):
        record(None, "something.new", object())
