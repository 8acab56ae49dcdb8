"""Every dashboard URL the README shows answers, on the working copy `make serve` serves."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from detente.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
# Paths of the dashboard as the README writes them: /s/..., /compare?..., /index, /openapi.json.
_URL = re.compile(r"(?<![\w.])(/(?:s/|compare\?|index\b|openapi\.json)[^\s`)'\"]*)")


def readme_urls() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return sorted({m.rstrip(".,;") for m in _URL.findall(text)})


def test_the_readme_shows_dashboard_urls() -> None:
    assert any(url.startswith("/s/ukraine_2025/") for url in readme_urls())


def test_every_readme_url_answers_on_the_make_serve_copy(tmp_path: Path) -> None:
    # `make serve` serves out/ukraine-2025/scenario.yaml: the id is the folder's slug.
    copy = tmp_path / "out" / "ukraine-2025" / "scenario.yaml"
    copy.parent.mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "ukraine-2025" / "scenario.yaml", copy)
    client = TestClient(create_app([copy]))
    # The README's compare example names version 2: make one edit so that it exists.
    page = client.get("/s/ukraine_2025/issues/black_sea.json")
    assert page.status_code == 200
    urls = readme_urls()
    if any("@2" in url for url in urls):
        version = client.get("/s/ukraine_2025.json").json().get("version", 1)
        edited = client.post(
            "/s/ukraine_2025/positions/us/black_sea",
            data={"position": "90", "salience": "80", "version": str(version)},
        )
        assert edited.status_code in (200, 303), edited.text
    failing = {url: client.get(url).status_code for url in urls}
    assert {u: s for u, s in failing.items() if s != 200} == {}
