from __future__ import annotations

import json
from pathlib import Path

import pytest

from bridge_match import ExpertProfile, Matcher, Need, load_needs, load_profiles

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
ROOT = Path(__file__).parents[1]


def current_version(model: Path) -> Path:
    """The version folder a model folder's marker points to (where its files are)."""
    from bridge_match.model_folder import MARKER

    return model / json.loads((model / MARKER).read_text("utf-8"))["current"]


@pytest.fixture(autouse=True)
def _own_workspace(tmp_path_factory, monkeypatch):
    """Every test gets its own workspace (commands without --profiles/--needs use one), never
    one in the repository or shared with another test."""
    folder = tmp_path_factory.mktemp("workspace")
    monkeypatch.setenv("BRIDGE_MATCH_WORKSPACE", str(folder / "bridge-match.sqlite"))


@pytest.fixture(scope="session")
def tiny_profiles() -> list[ExpertProfile]:
    return load_profiles(TINY / "profiles")


@pytest.fixture(scope="session")
def tiny_needs() -> list[Need]:
    return load_needs(TINY / "needs")


@pytest.fixture(scope="session")
def tiny_matcher(tiny_profiles: list[ExpertProfile]) -> Matcher:
    return Matcher().fit(tiny_profiles)


@pytest.fixture(scope="session")
def need_by_id(tiny_needs: list[Need]) -> dict[str, Need]:
    return {n.id: n for n in tiny_needs}


@pytest.fixture(scope="session")
def sample_profiles() -> list[ExpertProfile]:
    return load_profiles(ROOT / "profiles")


@pytest.fixture(scope="session")
def sample_needs() -> list[Need]:
    return load_needs(ROOT / "needs")


@pytest.fixture(scope="session")
def sample_matcher(sample_profiles: list[ExpertProfile]) -> Matcher:
    return Matcher().fit(sample_profiles)


def without_diacritics(profile: ExpertProfile, suffix: str = "-ASCII") -> ExpertProfile:
    """The profile as typed on a keyboard without a Vietnamese input method: its twin."""
    from bridge_match.text.normalize import unaccented

    return profile.model_copy(
        update={
            "id": profile.id + suffix,
            "name": unaccented(profile.name),
            "field": unaccented(profile.field),
            "expertise": unaccented(profile.expertise),
            "keywords": [unaccented(k) for k in profile.keywords],
        }
    )


@pytest.fixture(scope="session")
def floating_solar() -> ExpertProfile:
    """A Vietnamese floating-solar plant designer (the issue's case); the need it concerns is
    the sample's rooftop solar and storage need, N-ENE-02."""
    return ExpertProfile(
        id="JP-TEST-0001",
        name="Lê Văn Hải",
        country="JP",
        field="thiết kế nhà máy điện mặt trời nổi",
        affiliation="Kyushu University",
        expertise="Thiết kế nhà máy điện mặt trời nổi trên hồ thủy điện, tích hợp lưu trữ năng "
        "lượng bằng pin và đấu nối lưới điện.",
        keywords=["điện mặt trời nổi", "lưu trữ năng lượng", "tích hợp lưới"],
        sectors=["green_energy"],
    )


def rank_of(scores: object, need_id: str, expert_id: str) -> int:
    """An expert's place in a need's row of ``Matcher.score`` (1 is first; ties share the best)."""
    row = scores.loc[need_id]  # type: ignore[attr-defined]
    return int((row > row[expert_id]).sum()) + 1


def snapshot(*roots: Path) -> dict[str, bytes]:
    """Every file's bytes under ``roots`` (dotfiles included): what a command must not change."""
    found: dict[str, bytes] = {}
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                found[str(path)] = path.read_bytes()
    return found


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny data set: ``tmp_path/data/{profiles,needs}``."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(TINY, root)
    return root


POSTGRES_ENV = "BRIDGE_MATCH_TEST_POSTGRES"
"""An admin URL of a real PostgreSQL server (``postgresql://user:pw@host/db``, a role that may
create databases): the workspace tests then run on it too. ``.ci/run`` starts one and sets it;
a developer machine without it skips those tests, CI without it fails them."""


def _postgres_admin() -> str | None:
    import os

    url = os.environ.get(POSTGRES_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI must start PostgreSQL and set {POSTGRES_ENV} (see .ci/run)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request, tmp_path, monkeypatch):
    """A fresh, empty workspace location on each real engine: a SQLite file, and a new
    database on the PostgreSQL server (dropped afterwards). The test runs in ``tmp_path``
    (where a server workspace keeps its index)."""
    monkeypatch.chdir(tmp_path)
    if request.param == "sqlite":
        yield str(tmp_path / "ws" / "bridge-match.sqlite")
        return
    admin = _postgres_admin()
    if not admin:
        pytest.skip(f"no PostgreSQL server ({POSTGRES_ENV} unset)")
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bm_test_{secrets.token_hex(6)}"
    base = make_url(admin).set(drivername="postgresql+psycopg")
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
