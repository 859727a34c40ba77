"""The web workspace in-process (FastAPI's TestClient): every page answers in both languages,
the API gives the library's rows, and it is safe: escaping, CSRF, consent, the access token,
uploads, binding."""

import re

import pytest
from fastapi.testclient import TestClient

from bridge_match import DataError
from bridge_match.commands import recommend
from bridge_match.web import WebState, check_binding, create_app
from bridge_match.workspace import Workspace, import_data

HOSTILE = ["<script>window.__x=1</script>", '"><img src=x onerror="alert(1)">', "{{7*7}}"]


@pytest.fixture
def client(tmp_path, tiny_copy):
    url = str(tmp_path / "ws.sqlite")
    import_data(url, tiny_copy / "profiles", tiny_copy / "needs")
    ws = Workspace.open(url)
    with TestClient(create_app(WebState(ws))) as browser:
        browser.workspace = ws
        yield browser
    ws.close()


def _csrf(client, path="/needs/N-SEMI-VI"):
    page = client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/needs/N-SEMI-VI",
        "/needs/N-SEMI-VI?view=table&country=JP",
        "/experts/E01",
        "/search?text=pin+m%E1%BA%B7t+tr%E1%BB%9Di+perovskite",
        "/teams",
        "/teams?run=1&need=N-SEMI-VI",
        "/coverage",
        "/coverage/cell?sector=semiconductors&country=JP",
        "/pipeline",
        "/import",
    ],
)
@pytest.mark.parametrize(("lang", "word"), [("vi", "Nhu cầu"), ("en", "Needs")])
def test_every_page_in_both_languages(client, path, lang, word):
    page = client.get(path, params={"lang": lang})
    assert page.status_code == 200, page.text
    assert f'<html lang="{lang}">' in page.text
    assert word in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_language_from_switch_then_cookie_then_browser(client):
    assert '<html lang="vi">' in client.get("/").text  # Vietnamese first
    client.cookies.clear()
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "en-GB,en;q=0.8"}).text
    client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "vi"}).text
    client.get("/", params={"lang": "vi"})
    assert '<html lang="vi">' in client.get("/").text


def test_reasons_read_in_the_pages_language(client):
    vi = client.get("/needs/N-GREEN-VI", params={"lang": "vi"}).text
    en = client.get("/needs/N-GREEN-VI", params={"lang": "en"}).text
    assert "lĩnh vực năng lượng xanh" in vi
    assert "sector green_energy" in en


def test_the_api_gives_the_librarys_rows(client):
    ws = client.workspace
    answer = client.get("/api/v1/needs/N-SEMI-VI/shortlist", params={"top_k": 4})
    assert answer.status_code == 200
    body = answer.json()
    library = recommend("N-SEMI-VI", top_k=4, workspace=ws).shortlist
    assert body["need"]["id"] == "N-SEMI-VI"
    assert [r["expert_id"] for r in body["rows"]] == list(library.expert_id)
    assert [r["score"] for r in body["rows"]] == list(library.score)
    assert set(body["rows"][0]) == set(library.columns)
    filtered = client.get("/api/v1/needs/N-SEMI-VI/shortlist", params={"country": "JP"}).json()
    assert {r["country"] for r in filtered["rows"]} == {"JP"}
    needs = client.get("/api/v1/needs").json()
    assert {n["id"] for n in needs} == {"N-SEMI-VI", "N-AI-EN", "N-GREEN-VI", "N-PKG-EN"}
    expert = client.get("/api/v1/experts/E04/needs", params={"top_k": 2}).json()
    library = recommend(expert="E04", top_k=2, workspace=ws).shortlist
    assert [r["need_id"] for r in expert["rows"]] == list(library.need_id)
    search = client.post("/api/v1/search", json={"text": "perovskite solar cells", "top_k": 3})
    library = recommend(text="perovskite solar cells", top_k=3, workspace=ws).shortlist
    assert [r["expert_id"] for r in search.json()["rows"]] == list(library.expert_id)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/needs/{need_id}/shortlist" in schema["paths"]


def test_api_status_and_errors(client):
    moved = client.post(
        "/api/v1/status", json={"need_id": "N-AI-EN", "expert_id": "E03", "status": "contacted"}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "contacted"
    rows = client.get("/api/v1/status", params={"need_id": "N-AI-EN"}).json()["rows"]
    assert [(r["expert_id"], r["status"]) for r in rows] == [("E03", "contacted")]
    wrong = client.post(
        "/api/v1/status", json={"need_id": "N-AI-EN", "expert_id": "E03", "status": "completed"}
    )
    assert wrong.status_code == 400
    assert "allowed next" in wrong.json()["detail"]
    assert client.get("/api/v1/needs/NOPE/shortlist").status_code == 404
    assert client.get("/api/v1/experts/NOPE/needs").status_code == 404
    as_form = client.post("/api/v1/status", data={"need_id": "N-AI-EN"})
    assert as_form.status_code == 415
    foreign = client.post(
        "/api/v1/search",
        json={"text": "chips"},
        headers={"origin": "https://evil.example"},
    )
    assert foreign.status_code == 403


def test_forms_need_their_csrf_secret(client):
    token = _csrf(client)
    refused = client.post(
        "/needs/N-SEMI-VI/status", data={"expert_id": "E01", "to": "contacted", "csrf": "forged"}
    )
    assert refused.status_code == 403
    bare = TestClient(client.app)  # another browser: no cookie, a copied secret
    assert (
        bare.post(
            "/needs/N-SEMI-VI/status", data={"expert_id": "E01", "to": "contacted", "csrf": token}
        ).status_code
        == 403
    )
    done = client.post(
        "/needs/N-SEMI-VI/status",
        data={"expert_id": "E01", "to": "contacted", "csrf": token, "note": "called"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(done.headers["location"])
    assert "status-contacted" in page.text


def test_user_text_is_escaped_everywhere(tmp_path, tiny_copy):
    target = tiny_copy / "profiles" / "europe.csv"
    text = target.read_text("utf-8")
    text = text.replace("Phạm Quang Dũng", HOSTILE[0] + " " + HOSTILE[2])
    text = text.replace("Berlin Solar Institute", HOSTILE[1].replace('"', '""'))
    target.write_text(text, "utf-8")
    needs = tiny_copy / "needs" / "needs.yaml"
    needs.write_text(
        needs.read_text("utf-8").replace(
            "title: Pin mặt trời hiệu suất cao",
            "title: 'Pin mặt trời <script>alert(2)</script> {{7*7}}'",
        ),
        "utf-8",
    )
    url = str(tmp_path / "ws.sqlite")
    import_data(url, tiny_copy / "profiles", tiny_copy / "needs")
    with Workspace.open(url) as ws, TestClient(create_app(WebState(ws))) as browser:
        for path in (
            "/",
            "/needs/N-GREEN-VI",
            "/experts/E04",
            "/needs/N-GREEN-VI?view=table",
            "/coverage",
            "/search?text=perovskite",
        ):
            html = browser.get(path).text
            assert "<script>window.__x" not in html
            assert "<script>alert(2)" not in html
            assert "<img src=x onerror" not in html
        shown = browser.get("/needs/N-GREEN-VI").text
        assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in shown
        assert "{{7*7}}" in shown


def test_no_email_without_consent(client, tiny_profiles):
    hidden = [p.email for p in tiny_profiles if p.email and not p.consent_to_contact]
    shown = [p for p in tiny_profiles if p.email and p.consent_to_contact]
    assert hidden
    assert shown
    pages = [client.get(f"/experts/{p.id}").text for p in tiny_profiles]
    pages += [
        client.get(f"/needs/{n}").text for n in ("N-SEMI-VI", "N-AI-EN", "N-GREEN-VI", "N-PKG-EN")
    ]
    pages += [
        client.get("/api/v1/needs/N-GREEN-VI/shortlist").text,
        client.get("/needs/N-GREEN-VI/shortlist.csv").text,
    ]
    everything = "\n".join(pages)
    for email in hidden:
        assert email not in everything
    assert shown[0].email in client.get(f"/experts/{shown[0].id}").text


def test_the_access_token(tmp_path, tiny_copy):
    url = str(tmp_path / "ws.sqlite")
    import_data(url, tiny_copy / "profiles", tiny_copy / "needs")
    with Workspace.open(url) as ws, TestClient(create_app(WebState(ws, token="s3cret"))) as browser:
        assert browser.get("/").status_code == 401
        assert browser.get("/api/v1/needs").status_code == 401
        assert (
            browser.get("/api/v1/needs", headers={"authorization": "Bearer s3cret"}).status_code
            == 200
        )
        entered = browser.get("/?token=s3cret", follow_redirects=False)
        assert entered.status_code == 303
        assert "token" not in entered.headers["location"]
        assert browser.get("/").status_code == 200  # the cookie it set
    with pytest.raises(DataError, match="access token"):
        check_binding("0.0.0.0", None)
    check_binding("0.0.0.0", "s3cret")
    check_binding("127.0.0.1", None)
    check_binding("::1", None)


def test_uploads_are_checked_and_stay_in_the_workspace(client, tiny_copy):
    token = _csrf(client, "/import")
    evil = client.post(
        "/import",
        data={"csrf": token, "kind": "profiles"},
        files=[
            ("files", ("../../etc/passwd.csv", b"id,name\nX1,Y\n", "text/csv")),
            ("files", ("run.sh", b"rm -rf /", "text/plain")),
        ],
    )
    assert evil.status_code == 200
    assert "run.sh" in evil.text  # refused, named
    state = client.app.state.web
    saved = sorted(p.name for p in (state.uploads / "profiles").iterdir())
    assert saved == ["passwd.csv"]  # its own name, inside the uploads folder
    assert not (tiny_copy.parent / "etc").exists()
    checked = evil.text
    assert "passwd.csv" in checked  # the problems table names the file and row


def test_serve_refuses_the_network_without_a_token(tmp_path):
    from typer.testing import CliRunner

    from bridge_match.cli import app

    result = CliRunner().invoke(
        app,
        ["serve", "--host", "0.0.0.0", "--no-browser", "--workspace", str(tmp_path / "w.sqlite")],
    )
    assert result.exit_code == 2
    assert "access token" in result.output


def test_a_remembered_shortlist_has_fresh_statuses_and_follows_each_import(client, tiny_copy):
    """The server keeps each query's ranked rows per snapshot: asked again it gives the same
    rows, each row's status as it is now, and after an import the new snapshot's rows."""
    ws = client.workspace
    path = "/api/v1/needs/N-GREEN-VI/shortlist"
    first = client.get(path).json()["rows"]
    assert client.get(path).json()["rows"] == first
    top = first[0]["expert_id"]
    moved = client.post(
        "/api/v1/status", json={"need_id": "N-GREEN-VI", "expert_id": top, "status": "contacted"}
    )
    assert moved.status_code == 200, moved.text
    again = client.get(path).json()["rows"]
    assert [r["status"] for r in again if r["expert_id"] == top] == ["contacted"]
    assert [r["expert_id"] for r in again] == [r["expert_id"] for r in first]
    europe = tiny_copy / "profiles" / "europe.csv"
    europe.write_text(europe.read_text("utf-8").replace("perovskite solar cells,", "PV,"), "utf-8")
    assert import_data(ws).changed == ["E04"]
    after = client.get(path).json()["rows"]
    library = recommend("N-GREEN-VI", workspace=ws).shortlist
    assert [(r["expert_id"], r["score"]) for r in after] == list(
        zip(library.expert_id, library.score, strict=True)
    )
    assert after != again
