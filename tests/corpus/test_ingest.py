"""Ingest: real seed articles, generated malformed files, metadata, normalisation, duplicates."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from detente.corpus.ingest import ingest_paths, read_file


def _codes(result) -> list[str]:
    return sorted(e.code for e in result.errors)


def test_seed_articles_ingest_with_file_names_as_ids(seeds_dir: Path) -> None:
    result = ingest_paths([seeds_dir])
    assert not result.errors
    files = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert [d.id for d in result.documents] == files
    for doc in result.documents:
        assert doc.text == unicodedata.normalize("NFC", doc.text)
        assert doc.sha256 == hashlib.sha256(doc.text.encode()).hexdigest()
        raw = (seeds_dir / doc.id).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert doc.text == unicodedata.normalize("NFC", raw)  # whitespace kept as it was


def test_markdown_front_matter_sets_metadata(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\nid: b-1\ntitle: A title\noutlet: Gazette\ndate: 2025-03-24\n---\n"
        "Body  text.\n\nMore.\n"
    )
    (doc,) = read_file(path).documents
    assert (doc.id, doc.title, doc.outlet, str(doc.date)) == (
        "b-1",
        "A title",
        "Gazette",
        "2025-03-24",
    )
    assert doc.text == "Body  text.\n\nMore.\n"


def test_nfc_normalisation_keeps_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Cafe\u0301  talks\n\n\tend", encoding="utf-8")
    (doc,) = read_file(path).documents
    assert doc.text == "Caf\u00e9  talks\n\n\tend"


def test_html_main_text_drops_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Talks</title><meta property='og:site_name' content='Wire'>"
        "<meta property='article:published_time' content='2025-03-25T10:00:00Z'></head>"
        "<body><nav>Home | World | Sport</nav><article><h1>Talks resume</h1>"
        "<p>Delegates met in <b>Riyadh</b> on Monday.</p><script>var x=1;</script>"
        "<p>They agreed to meet again.</p></article><footer>Copyright</footer></body></html>"
    )
    (doc,) = read_file(path).documents
    assert (
        doc.text
        == "Talks resume\n\nDelegates met in Riyadh on Monday.\n\nThey agreed to meet again."
    )
    assert (doc.title, doc.outlet, str(doc.date)) == ("Talks", "Wire", "2025-03-25")


def test_jsonl_keeps_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = {"id": "w1", "text": "First article.", "outlet": "Wire", "date": "2025-03-20"}
    path.write_text(
        json.dumps(good)
        + "\n{not json\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps({"text": "Second article without id."})
        + "\n"
    )
    result = read_file(path)
    assert _codes(result) == ["DT306", "DT306"]
    assert result.errors[0].location == f"{path}:2:2"
    first, second = result.documents
    assert first.id == "w1" and first.outlet == "Wire"
    assert second.id == second.sha256[:12]


def test_malformed_files_get_codes_and_the_batch_goes_through(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Moscow said talks would continue.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "latin1.txt").write_bytes("Zelensk\xfd".encode("latin-1") + b"\xff")
    (tmp_path / "broken.html").write_text("<html><body><nav>menu</nav><script>x</script>")
    (tmp_path / "bad.jsonl").write_text('{"text": 5}\n')
    (tmp_path / "huge.txt").write_text("word " * 5000)
    (tmp_path / "bad-front.md").write_text("---\n: [unclosed\n---\nBody\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    result = ingest_paths([*sorted(tmp_path.iterdir()), tmp_path / "missing.txt"], max_bytes=10_000)
    assert [d.id for d in result.documents] == ["good.txt"]
    by_file = {Path(e.location.split(":")[0]).name: e.code for e in result.errors}
    assert by_file == {
        "bad-front.md": "DT308",
        "bad.jsonl": "DT306",
        "binary.txt": "DT302",
        "broken.html": "DT305",
        "empty.txt": "DT303",
        "huge.txt": "DT304",
        "image.png": "DT307",
        "latin1.txt": "DT310",
        "missing.txt": "DT301",
    }
    for error in result.errors:
        assert str(error).startswith(f"[{error.code}] ")


def test_exact_and_near_duplicates_are_linked_not_dropped(tmp_path: Path) -> None:
    words = [f"w{i}" for i in range(300)]
    base = " ".join(words)
    (tmp_path / "a.txt").write_text(base)
    (tmp_path / "b.txt").write_text(base)  # exact copy
    near = words.copy()
    near[150] = "changed"
    (tmp_path / "c.txt").write_text(" ".join(near) + " Syndicated by Wire.")
    (tmp_path / "d.txt").write_text(" ".join(reversed(words)))  # same words, different text
    docs = {d.id: d for d in ingest_paths([tmp_path]).documents}
    assert len(docs) == 4
    assert docs["b.txt"].duplicate_of == "a.txt"
    assert docs["c.txt"].near_duplicate_of == "a.txt"
    assert docs["d.txt"].near_duplicate_of is None and docs["a.txt"].duplicate_of is None


@pytest.mark.parametrize("seed", [0, 7])
def test_near_duplicate_detection_is_seeded_and_stable(tmp_path: Path, seed: int) -> None:
    (tmp_path / "a.txt").write_text(" ".join(f"w{i}" for i in range(100)))
    (tmp_path / "b.txt").write_text(" ".join(f"w{i}" for i in range(100)) + " extra")
    first = ingest_paths([tmp_path], seed=seed).documents
    assert first == ingest_paths([tmp_path], seed=seed).documents
    assert first[1].near_duplicate_of == "a.txt"
