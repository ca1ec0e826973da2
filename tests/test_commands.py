"""The management commands: the data team's extractor CLI and the demo loader behind `make run`."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from factcheck.models import Article
from tests.conftest import SEED_PATH

CONTRACT_KEYS = {
    "path",
    "index",
    "start",
    "end",
    "text",
    "check_worthy",
    "score",
    "types",
    "speaker",
    "quantities",
    "dates",
    "clauses",
}


def run_extract(*args):
    out = io.StringIO()
    call_command("extract_claims", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line]


def test_extract_claims_prints_every_sentence_with_offsets_into_the_file(seed_text):
    records = run_extract(str(SEED_PATH), "--jsonl")
    assert [r["index"] for r in records] == list(range(len(records)))
    for r in records:
        assert set(r) == CONTRACT_KEYS
        assert r["path"] == str(SEED_PATH)
        assert seed_text[r["start"] : r["end"]] == r["text"]
        for q in r["quantities"]:
            assert seed_text[q["start"] : q["end"]] == q["text"]
            assert set(q) == {"text", "start", "end", "value", "unit", "approx", "qualifier", "kind"}
    # Not just the claims: non-check-worthy sentences are there too, the comment box among them.
    assert any(not r["check_worthy"] for r in records)
    assert any(r["text"].startswith("댓글") and not r["check_worthy"] for r in records)
    # The Google/GPT-4 sentence asserts two things: one clause span each, offsets into the file.
    joined = next(r for r in records if "오픈AI는" in r["text"] and "구글이" in r["text"])
    assert [seed_text[c["start"] : c["end"]] for c in joined["clauses"]] == [c["text"] for c in joined["clauses"]]
    assert [c["text"][:8] for c in joined["clauses"]] == ["해외에서는 최근", "오픈AI는 약 "]
    # Each clause carries its own analysis: the figure it states, its own score.
    assert [[q["text"] for q in c["quantities"]] for c in joined["clauses"]] == [["1조6000억개"], ["약 100조개"]]
    assert all(c["check_worthy"] and 0 <= c["score"] <= 1 for c in joined["clauses"])
    assert set(joined["clauses"][0]) == CONTRACT_KEYS - {"path", "index", "speaker", "clauses"}
    assert all(r["clauses"] == [] for r in records if r is not joined and "오픈AI" not in r["text"][:4])
    quantities = {(q["text"], q["value"], q["unit"]) for r in records for q in r["quantities"]}
    assert any(v == 175_000_000_000 and u == "개" for _, v, u in quantities)


def test_extract_claims_reads_several_paths_and_stdin(tmp_path, monkeypatch):
    short = tmp_path / "short.txt"
    short.write_text("LG는 초거대 AI 개발을 위해 1000억원 이상을 투자할 계획이다.", encoding="utf-8")
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO("오픈AI는 GPT-4를 개발하고 있는 것으로 알려졌다.".encode()))
    )
    records = run_extract(str(short), "-", "--jsonl")
    assert [r["path"] for r in records] == [str(short), "-"]
    assert records[0]["check_worthy"]
    assert records[0]["quantities"][0]["value"] == 100_000_000_000


def test_extract_claims_touches_no_database():
    # No db fixture: pytest-django raises on any database access, so this fails if the command opens one.
    assert run_extract(str(SEED_PATH), "--jsonl")


def test_extract_claims_refuses_a_missing_or_non_utf8_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run_extract(str(tmp_path / "nope.txt"))
    cp949 = tmp_path / "cp949.txt"
    cp949.write_bytes("배영훈 원장".encode("cp949"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run_extract(str(cp949))


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_passwords_once(django_capture_on_commit_callbacks):
    first = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=first)
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert set(users.values_list("username", flat=True)) == {
        "demo-editor",
        "demo-reviewer",
        "demo-reviewer2",  # with two-person review, someone has to confirm the first reviewer's verdicts
        "demo-admin",
    }
    assert users.get(username="demo-reviewer2").groups.filter(name="Reviewers").exists()
    article = Article.objects.get()
    assert article.claims.count() >= 8
    assert "demo-reviewer" in first.getvalue()
    password = next(line.split()[1] for line in first.getvalue().splitlines() if line.split()[:1] == ["demo-reviewer"])
    assert users.get(username="demo-reviewer").check_password(password)
    assert users.get(username="demo-reviewer").groups.filter(name="Reviewers").exists()

    second = io.StringIO()
    call_command("demo", stdout=second)
    assert Article.objects.count() == 1
    assert password not in second.getvalue()
    assert users.get(username="demo-reviewer").check_password(password)
