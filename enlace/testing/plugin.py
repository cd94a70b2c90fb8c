"""Data built once for many tests: the pytest plugin behind ``built_once``.

A test that asks for built-once data starts inside a transaction that already holds it; its own changes
are rolled back to a savepoint when it ends, so the next test that asks for the same data finds it as
it was built, without building it again. Tests that ask for other data, or for none, never see it: the
transaction is rolled back as soon as the next test does not ask for exactly the same data sets.

Each test gets its own copy of the Python objects (model instances, users), so what one test changes
in memory does not reach another. A test that needs real transactions (``transactional_db``,
``live_server``) gets the data built afresh in its own database, as before.

Files the data stores (uploaded PDFs...) are copied into the test's own MEDIA_ROOT.
"""

import copy
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from enlace.testing.world import build_network, build_world

# Tests of these fixtures run in a transaction of their own (TestCase) or in real transactions.
DATABASE_FIXTURES = {"_django_db_helper", "db", "transactional_db", "django_db_reset_sequences"}
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}

HARNESS = "_built_once_data"
builds_key = pytest.StashKey[tuple]()
_harness_key = pytest.StashKey["BuiltOnce"]()
_blocker_key = pytest.StashKey[Any]()


class BuiltOnce:
    """The data sets built in the open outer transaction, and their objects."""

    def __init__(self, media_root: Path):
        self.media_root = media_root
        self.builders: tuple = ()
        self.objects: dict[Callable, Any] = {}
        self.shared: list = []
        self.outer: transaction.Atomic | None = None

    def open(self, builders: tuple, settings, blocker) -> None:
        if builders == self.builders:
            return
        self.close(blocker)
        if self.media_root.exists():
            shutil.rmtree(self.media_root)
        self.media_root.mkdir(parents=True)
        with blocker.unblock():
            self.outer = outer_transaction()
            self.outer.__enter__()
            try:
                settings.MEDIA_ROOT = self.media_root
                for build in builders:
                    self.objects[build] = build(*(self.objects[base] for base in build.on))
                self.shared = _uncopyable(self.objects)
            except BaseException:
                self.close(blocker)
                raise
        self.builders = builders

    def close(self, blocker) -> None:
        if self.outer is None:
            return
        with blocker.unblock():
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            self.outer.__exit__(None, None, None)
        self.outer, self.builders, self.objects, self.shared = None, (), {}, []

    def copy(self) -> dict:
        """The test's own copy of the objects; what cannot be copied (read-only texts cached on them) is shared."""
        memo = {id(value): value for value in self.shared}
        return copy.deepcopy(self.objects, memo)


def _uncopyable(value: Any, seen: set | None = None) -> list:
    """The parts of ``value`` that ``copy.deepcopy`` refuses (a read-only mapping cached on a model instance)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    try:
        copy.deepcopy(value)
    except TypeError:
        pass
    else:
        return []
    if isinstance(value, dict):
        parts = list(value.values())
    elif isinstance(value, list | tuple | set | frozenset):
        parts = list(value)
    else:
        parts = list(getattr(value, "__dict__", {}).values())
    found = [leaf for part in parts for leaf in _uncopyable(part, seen)]
    return found or [value]


def outer_transaction() -> transaction.Atomic:
    """A transaction for data that several tests share, each test's own transaction a savepoint inside it.

    Marked as the test framework's own, so that durable blocks inside tests still count as outermost.
    """
    outer = transaction.atomic(using=DEFAULT_DB_ALIAS)
    outer._from_testcase = True
    return outer


@contextmanager
def rolled_back(blocker) -> Iterator[None]:
    """Data made inside is seen by the tests run meanwhile and is gone afterwards, as if never made."""
    with blocker.unblock(), outer_transaction():
        try:
            yield
        finally:
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)


def built_once(
    build: Callable | None = None,
    *,
    name: str | None = None,
    also: Iterable[str] = (),
    on: Iterable[Callable] = (),
):
    """Turn a function that builds test data into a fixture (named after it, or ``name``) whose data is built once.

    ``also`` names fixtures every test of the data needs besides (``media``...): they are set up
    for the test, not for the build, which must not depend on any test's fixtures.
    ``on`` names the builders of the data this one adds to (``build_network``): they are built first,
    and their objects passed to it, in that order (a test asking for both sees the same objects).
    """

    def decorate(build: Callable):
        build.on = tuple(on)

        def fixture(request, _built_once_data, db):
            for name in also:
                request.getfixturevalue(name)
            if build in _built_once_data:
                return _built_once_data[build]
            return _built_for_this_test(request.node, build)

        fixture.__doc__ = build.__doc__
        fixture.built_once = build
        return pytest.fixture(name=name or build.__name__)(fixture)

    return decorate(build) if build is not None else decorate


_built_here_key = pytest.StashKey[dict]()


def _built_for_this_test(node: pytest.Item, build: Callable) -> Any:
    """A test in real transactions builds its data itself, each builder once (the data others add to too)."""
    built = node.stash.setdefault(_built_here_key, {})
    if build not in built:
        built[build] = build(*(_built_for_this_test(node, base) for base in getattr(build, "on", ())))
    return built[build]


def _with_bases(builders: Iterable[Callable]) -> tuple:
    """The builders and those they add to, each once, every one after those it adds to."""
    ordered: list[Callable] = []

    def add(build: Callable) -> None:
        if build in ordered:
            return
        for base in getattr(build, "on", ()):
            add(base)
        ordered.append(build)

    for build in builders:
        add(build)
    return tuple(ordered)


@pytest.fixture(scope="session")
def _built_once(request, tmp_path_factory, django_db_blocker):
    harness = BuiltOnce(tmp_path_factory.mktemp("built-once") / "media")
    request.session.stash[_harness_key] = harness
    request.session.stash[_blocker_key] = django_db_blocker
    yield harness
    harness.close(django_db_blocker)


@pytest.fixture
def _built_once_data(request, _built_once, django_db_setup, django_db_blocker, settings, tmp_path) -> dict:
    """The built-once data this test asked for, as its own copies; set up before the test's transaction."""
    builders = request.node.stash.get(builds_key, ())
    media = tmp_path / "media"
    if not builders:
        # A test in real transactions builds its data itself, in its own database.
        _built_once.close(django_db_blocker)
        settings.MEDIA_ROOT = media
        return {}
    if connections[DEFAULT_DB_ALIAS].in_atomic_block and _built_once.outer is None:
        raise RuntimeError("Built-once data must be set up before the test's database (ask for it first).")
    _built_once.open(builders, settings, django_db_blocker)
    shutil.copytree(_built_once.media_root, media, dirs_exist_ok=True)
    settings.MEDIA_ROOT = media
    return _built_once.copy()


def _needs_database(name: str, definitions: dict, seen: set) -> bool:
    if name in DATABASE_FIXTURES:
        return True
    if name in seen or name not in definitions:
        return False
    seen.add(name)
    return any(_needs_database(argument, definitions, seen) for argument in definitions[name][-1].argnames)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Note which built-once data each test asks for, and set that up before the test's own transaction.

    Tests asking for the same data run one after another (within pytest-django's order: tests in a
    transaction first, then tests in real transactions, then the rest), so each data set is built once.
    """
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None or HARNESS not in item.fixturenames:
            continue
        definitions = info.name2fixturedefs
        names = item.fixturenames
        transactional = bool(TRANSACTIONAL_FIXTURES & set(names)) or _marked_transactional(item)
        builders = tuple(
            getattr(definitions[name][-1].func, "built_once", None) for name in names if name in definitions
        )
        builders = _with_bases(build for build in builders if build is not None)
        item.stash[builds_key] = () if transactional else builders
        names.remove(HARNESS)
        first = next(
            (index for index, name in enumerate(names) if _needs_database(name, definitions, set())), len(names)
        )
        names.insert(first, HARNESS)
    order = {item: index for index, item in enumerate(items)}
    items.sort(key=lambda item: (_group(item), _data_key(item), order[item]))


def _marked_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))


def _group(item: pytest.Item) -> int:
    """pytest-django's order: tests in a transaction, then in real transactions, then without a database."""
    from django.test import TestCase, TransactionTestCase

    test_class = getattr(item, "cls", None)
    if test_class and issubclass(test_class, TransactionTestCase):
        return 0 if issubclass(test_class, TestCase) else 1
    names = set(getattr(item, "fixturenames", ()))
    if TRANSACTIONAL_FIXTURES & names or _marked_transactional(item):
        return 1
    if "db" in names or "_django_db_helper" in names or item.get_closest_marker("django_db"):
        return 0
    return 2


def _data_key(item: pytest.Item) -> tuple:
    return tuple(f"{build.__module__}.{build.__qualname__}" for build in item.stash.get(builds_key, ()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Roll the built-once data back when the next test does not ask for the same."""
    result = yield
    if item.stash.get(builds_key, ()) != (nextitem.stash.get(builds_key, ()) if nextitem else ()):
        harness = item.session.stash.get(_harness_key, None)
        if harness is not None:
            harness.close(item.session.stash[_blocker_key])
    return result


# The States, directories and people in their roles that the features' tests share (``enlace.testing.world``).
network = built_once(build_network, name="network")

# Every role around State A's records (``enlace.testing.world``): the authorisation tests of every app.
world = built_once(build_world, name="world", on=[build_network])
