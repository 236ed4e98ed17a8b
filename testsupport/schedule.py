"""How the suite is run in parallel (pytest-xdist, `make test`): each test's kind, the tests that
must share a worker, and the order in which tests are handed out. A pytest plugin, loaded by the
root conftest.py.

Kinds (one marker each, added at collection; `make test-fast` runs the first two):
  pure     — no Django database, no server, nothing but Python
  django   — in-process Django: the test database, settings, the ASGI app through channels' communicator
  live     — whole sites or other processes (testsupport.site, manage.py, PostgreSQL, Redis, nginx)
  browser  — Chromium through Playwright (on a live site)

Workers: `pytest -n N --dist loadgroup`. A module whose tests share a module-scoped fixture (a
site, a fake feed) runs whole on one worker (an `xdist_group` of its own), so the fixture is built
once; every other test is handed out on its own. Tests are handed out longest first, by the
durations of earlier runs (.pytest_cache, else testsupport/durations.json, else a guess by kind),
so that the long browser games start at once instead of finishing last.

pytest-xdist 3.8's own loadgroup renames each grouped item's nodeid, which pytest 9.2 no longer
lets a plugin do: the groups would be ignored. So the scheduler is this plugin's (a
LoadScopeScheduling whose scope is the group): the workers write the groups they collected to a
file named by the run's id, and the controller's scheduler reads it.
"""

import json
import os
import tempfile
import types
import uuid
from pathlib import Path

import pytest

KINDS = ("pure", "django", "live", "browser")
DURATIONS_FILE = Path(__file__).with_name("durations.json")
CACHE_KEY = "rally/durations"
GUESS_S = {"pure": 0.01, "django": 0.1, "live": 5.0, "browser": 8.0}

# Names whose use in a test, its fixtures or the helpers they call means other processes.
LIVE_NAMES = {"Site", "start_replay_site", "subprocess", "Popen", "PrivateRedis", "Nginx"}
LIVE_FIXTURES = {"site", "site_factory", "postgres_url", "redis_url", "private_redis"}
DJANGO_FIXTURES = {
    "db",
    "transactional_db",
    "settings",
    "client",
    "async_client",
    "admin_user",
    "admin_client",
    "django_user_model",
    "rf",
    "live_server",
}
# Module-scoped fixtures that do not tie a module to one worker: each worker may have its own.
SHAREABLE_MODULE_FIXTURES = {"browser", "axe_source"}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "pure: no database, no server (added by testsupport.schedule)"
    )
    config.addinivalue_line("markers", "django: in-process Django (added by testsupport.schedule)")
    config.addinivalue_line(
        "markers", "live: whole sites or other processes (added by testsupport.schedule)"
    )
    config.addinivalue_line(
        "markers", "xdist_group: tests that must run on one pytest-xdist worker"
    )
    if (
        _distributed(config)
        and not hasattr(config, "workerinput")
        and config.getoption("testrunuid", None) is None
    ):
        config.option.testrunuid = uuid.uuid4().hex  # the workers' too: it names the groups' file


# Kinds


def kind_of(item):
    fixtures = set(item.fixturenames)
    if "browser" in fixtures or item.get_closest_marker("browser"):
        return "browser"
    if fixtures & LIVE_FIXTURES or item.get_closest_marker("services") or _uses_live_names(item):
        return "live"
    if fixtures & DJANGO_FIXTURES or item.get_closest_marker("django_db"):
        return "django"
    return "pure"


def _uses_live_names(item):
    functions = [getattr(item, "function", None)]
    for name in item.fixturenames:
        for fixturedef in (item._fixtureinfo.name2fixturedefs.get(name) or ())[-1:]:
            functions.append(fixturedef.func)
    seen = set()
    return any(
        _names_reach(function, LIVE_NAMES, seen)
        for function in functions
        if function and _is_project_code(function)
    )


def _names_reach(function, wanted, seen):
    """Whether `function`, or a function of the project's that it names (recursively), names one of `wanted`."""
    function = getattr(function, "__wrapped__", function)
    code = getattr(function, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    names = set()
    stack = [code]
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(const for const in current.co_consts if isinstance(const, types.CodeType))
    if names & wanted:
        return True
    module_globals = getattr(function, "__globals__", {})
    for name in names:
        target = module_globals.get(name)
        if (
            isinstance(target, types.FunctionType)
            and _is_project_code(target)
            and _names_reach(target, wanted, seen)
        ):
            return True
    return False


def _is_project_code(function):
    module = getattr(function, "__module__", "") or ""
    return module.split(".", 1)[0] in {
        "matches",
        "predictions",
        "relay",
        "showrunner",
        "rally",
        "testsupport",
        "conftest",
    }


# Groups


def _module_group(item):
    """The module's name when the item uses a module-scoped fixture that must not be built once per worker."""
    for name in item.fixturenames:
        for fixturedef in (item._fixtureinfo.name2fixturedefs.get(name) or ())[-1:]:
            if (
                fixturedef.scope in ("module", "package", "class")
                and name not in SHAREABLE_MODULE_FIXTURES
                and _is_project_code(fixturedef.func)
            ):
                return item.module.__name__ if item.module else None
    return None


# Order


def _known_durations(config):
    known = {}
    try:
        known.update(json.loads(DURATIONS_FILE.read_text()))
    except (OSError, ValueError):
        pass
    if getattr(config, "cache", None) is not None:
        known.update(config.cache.get(CACHE_KEY, {}))
    return known


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        kind = kind_of(item)
        item.add_marker(kind)
        item.user_properties.append(("kind", kind))
        group = _module_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    if not _distributed(config):
        return  # one process: pytest's own order keeps each module's fixtures built once
    if hasattr(config, "workerinput"):
        groups = {
            item.nodeid: item.get_closest_marker("xdist_group").args[0]
            for item in items
            if item.get_closest_marker("xdist_group")
        }
        path = _groups_file(config.workerinput["testrunuid"])
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(groups))
        partial.replace(
            path
        )  # every worker collects the same groups; whichever lands last is whole
    known = _known_durations(config)

    def estimate(item):
        return known.get(item.nodeid, GUESS_S[kind_of_marked(item)])

    units = {}  # group or nodeid → its items, in pytest's order
    for item in items:
        marker = item.get_closest_marker("xdist_group")
        units.setdefault(marker.args[0] if marker else item.nodeid, []).append(item)
    ordered = sorted(units.values(), key=lambda unit: -sum(estimate(item) for item in unit))
    items[:] = [item for unit in ordered for item in unit]


def kind_of_marked(item):
    return next(kind for kind in KINDS if item.get_closest_marker(kind))


def _distributed(config):
    return bool(getattr(config.option, "numprocesses", None)) or hasattr(config, "workerinput")


def _groups_file(testrunuid):
    return Path(tempfile.gettempdir()) / f"rally-xdist-groups-{testrunuid}.json"


@pytest.hookimpl(
    tryfirst=True, optionalhook=True
)  # optional: a run without pytest-xdist has no such hook
def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup: each group one unit of work, every other test a unit of its own, handed
    out in the order the workers collected (longest first)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    path = _groups_file(config.getoption("testrunuid"))

    class GroupScheduling(LoadScopeScheduling):
        groups = None

        def _split_scope(self, nodeid):
            if self.groups is None:  # read once every worker has collected (schedule())
                self.groups = json.loads(path.read_text()) if path.exists() else {}
            return self.groups.get(nodeid, nodeid)

    config.option.loadscopereorder = False  # keep the collected order: longest first
    return GroupScheduling(config, log)


# Durations of this run, for the next one's order (kept in .pytest_cache by the controller)

_durations = {}  # nodeid → seconds of setup, call and teardown


def pytest_runtest_logreport(report):
    nodeid = report.nodeid.split("@")[0]  # without loadgroup's @group
    _durations[nodeid] = _durations.get(nodeid, 0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    if _distributed(session.config) and not hasattr(session.config, "workerinput"):
        _groups_file(session.config.getoption("testrunuid")).unlink(missing_ok=True)
    if (
        not _durations
        or getattr(session.config, "cache", None) is None
        or hasattr(session.config, "workerinput")
    ):
        return
    known = session.config.cache.get(CACHE_KEY, {})
    known.update({nodeid: round(seconds, 2) for nodeid, seconds in _durations.items()})
    session.config.cache.set(CACHE_KEY, known)


def write_durations(junit_xml, minimum_s=0.5):
    """testsupport/durations.json from a serial run's JUnit XML (`pytest --junitxml=…`): the
    tests of at least `minimum_s`, so that a fresh clone hands out its long tests first too."""
    import xml.etree.ElementTree as ElementTree

    durations = {}
    for case in ElementTree.parse(junit_xml).iter("testcase"):
        path = case.get("file") or case.get("classname").replace(".", "/") + ".py"
        seconds = float(case.get("time") or 0)
        if seconds >= minimum_s:
            durations[f"{path}::{case.get('name')}"] = round(seconds, 1)
    DURATIONS_FILE.write_text(
        json.dumps(dict(sorted(durations.items())), indent=0, ensure_ascii=False) + "\n"
    )
    return durations


if __name__ == "__main__":  # python -m testsupport.schedule RUN.xml
    import sys

    print(f"{len(write_durations(sys.argv[1]))} durations written to {DURATIONS_FILE}")
