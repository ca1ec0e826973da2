"""The team workflow in a real browser: cross-check by two reviewers, assignment, the keyboard queue, screenshots.

Several people at once are several browser contexts (separate cookie jars) against the same live server.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from factcheck import services
from factcheck.models import Claim, Notification, Review
from tests import workflow
from tests.browser.test_desk_in_a_browser import log_in

# transaction=True: the live server thread must see committed rows (see `roles` in conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture
def new_page(browser):
    """Another person's browser: a fresh context per call, closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(locale="ko-KR", viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def unread_badge(page):
    return page.locator("header a.notifications-link")


def expect_unread(page, count: int) -> None:
    link = unread_badge(page)
    expect(link).to_have_attribute("data-unread", str(count))
    if count:
        expect(link.locator("span.count")).to_have_text(str(count))
    else:
        expect(link.locator("span.count")).to_have_count(0)


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only: nothing is clicked)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus after {limit} presses of Tab")


def queue_order(article) -> list[int]:
    """The queue's default order: pending claims, highest score first (ties by id)."""
    return list(
        Claim.objects.filter(article=article, status=Claim.Status.PENDING)
        .order_by("-score", "id")
        .values_list("pk", flat=True)
    )


# ---------------------------------------------------------------- 1. cross-check


def test_two_reviewers_cross_check_a_verdict(page, new_page, live_server, claim_1750, reviewer, other_reviewer):
    log_in(page, live_server, "reviewer")
    expect_unread(page, 0)
    page.goto(f"{live_server.url}/claims/{claim_1750.pk}/")
    form = page.locator("form[action$='/review/']")
    form.locator("input[name$=verdict][value=verified]").check()
    form.locator("textarea[name$=note]").fill("GPT-3 논문(Brown et al., 2020) 표 2.1: 1750억 개")
    form.locator("input[name$=source_1_url]").fill("https://arxiv.org/abs/2005.14165")
    form.locator("input[name$=source_1_title]").fill("Language Models are Few-Shot Learners")
    form.get_by_role("button", name="판정 기록").click()

    page.wait_for_url(f"**/articles/{claim_1750.article_id}/#claim-{claim_1750.pk}")
    expect(page.locator(f"#claim-{claim_1750.pk}").get_by_text("교차 확인 대기: 사실 제안 · reviewer")).to_be_visible()
    claim = workflow.fresh(claim_1750)
    assert (claim.status, claim.proposal.verdict, claim.proposal.reviewer) == ("pending", "verified", reviewer)
    assert claim.proposal.action == Review.Action.PROPOSAL

    # The proposer cannot cross-check their own proposal, nor record another verdict over it.
    page.goto(f"{live_server.url}/claims/{claim_1750.pk}/")
    expect(page.get_by_text("본인은 확인하거나 반려할 수 없습니다")).to_be_visible()
    expect(page.locator("form[action$='/cross-check/']")).to_have_count(0)
    expect(page.locator("form[action$='/review/']")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(
        page.locator("section[aria-labelledby=check-heading]").get_by_text("확인할 제안이 없습니다.")
    ).to_be_visible()
    expect_unread(page, 0)

    # The second reviewer finds it on their dashboard and confirms it.
    second = new_page()
    log_in(second, live_server, "reviewer2")
    to_check = second.locator("section[aria-labelledby=check-heading]")
    expect(to_check.locator("h2")).to_contain_text("1건")
    entry = to_check.locator("li", has_text="1750억개의 파라미터")
    expect(entry).to_contain_text("사실")
    expect(entry).to_contain_text("reviewer")
    entry.locator("a").click()
    second.wait_for_url(f"**/claims/{claim_1750.pk}/")
    check = second.locator("form[action$='/cross-check/']")
    expect(second.locator("#cross-check-heading")).to_be_visible()
    check.locator("input[name=check-decision][value=confirm]").check()
    check.locator("textarea[name=check-note]").fill("논문 표 2.1 확인")
    check.get_by_role("button", name="교차 확인 기록").click()

    second.wait_for_url(f"**/articles/{claim_1750.article_id}/#claim-{claim_1750.pk}")
    expect(second.get_by_text("'사실'(으)로 확정됐습니다")).to_be_visible()
    claim = workflow.fresh(claim_1750)
    assert (claim.status, claim.proposal) == ("verified", None)
    assert list(claim.reviews.order_by("id").values_list("action", "reviewer__username")) == [
        (Review.Action.PROPOSAL, "reviewer"),
        (Review.Action.CONFIRMATION, "reviewer2"),
    ]
    notification = Notification.objects.get(recipient=reviewer)
    assert (notification.kind, notification.actor, notification.read_at) == (
        Notification.Kind.PROPOSAL_CONFIRMED,
        other_reviewer,
        None,
    )

    # The proposer's header went from 0 to 1.
    page.reload()
    expect_unread(page, 1)


# ---------------------------------------------------------------- 2. assignment


def test_editor_assigns_a_claim_and_all_pending_claims(
    page, new_page, live_server, seed_article, claim_1750, editor, reviewer, other_reviewer
):
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/claims/{claim_1750.pk}/")
    assign = page.locator("form[action$='/assign/']")
    expect(assign.locator("select[name=assign-assignee] option")).to_have_text(["담당자 없음", "reviewer", "reviewer2"])
    assign.locator("select[name=assign-assignee]").select_option(label="reviewer")
    assign.get_by_role("button", name="배정").click()

    page.wait_for_url(f"**/articles/{seed_article.pk}/#claim-{claim_1750.pk}")
    expect(page.get_by_text("reviewer님에게 배정했습니다.")).to_be_visible()
    expect(page.locator(f"#claim-{claim_1750.pk} .assignee")).to_have_text("담당: reviewer")
    assert workflow.fresh(claim_1750).assignee == reviewer

    # The reviewer is told: one unread notification, which leads to the claim and is then read.
    reviewer_page = new_page()
    log_in(reviewer_page, live_server, "reviewer")
    expect_unread(reviewer_page, 1)
    expect(reviewer_page.locator("section[aria-labelledby=mine-heading] li")).to_contain_text(["1750억개의 파라미터"])
    unread_badge(reviewer_page).click()
    reviewer_page.wait_for_url("**/notifications/")
    item = reviewer_page.locator("li.notification.is-unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("editor님이 「")
    expect(item).to_contain_text("의 주장을 배정했습니다.")
    item.get_by_role("button", name="주장 열기").click()
    reviewer_page.wait_for_url(f"{live_server.url}/claims/{claim_1750.pk}/")
    expect(reviewer_page.get_by_role("button", name="내려놓기")).to_be_visible()
    expect_unread(reviewer_page, 0)
    assert Notification.objects.get(recipient=reviewer).read_at is not None

    # Every pending claim of the article to reviewer2, from the article page.
    pending = seed_article.claims.filter(status=Claim.Status.PENDING, is_stale=False).count()
    assert pending == 17
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    assign_all = page.locator("form[action$='/assign/']")
    assign_all.locator("select[name=assign-assignee]").select_option(label="reviewer2")
    assign_all.get_by_role("button", name="배정").click()

    page.wait_for_url(f"**/articles/{seed_article.pk}/")
    expect(page.get_by_text(f"검토 대기 주장 {pending}개를 reviewer2님에게 배정했습니다.")).to_be_visible()
    expect(page.locator(".claims-col .assignee", has_text="담당: reviewer2")).to_have_count(pending)
    assert set(seed_article.claims.values_list("assignee__username", flat=True)) == {"reviewer2"}
    notification = Notification.objects.get(recipient=other_reviewer)
    assert (notification.kind, notification.claim_count, notification.claim) == (
        Notification.Kind.ASSIGNED,
        pending,
        None,
    )


# ---------------------------------------------------------------- 3. keyboard


def test_reviewer_works_the_queue_with_the_keyboard_only(page, live_server, seed_article, reviewer):
    first, second = queue_order(seed_article)[:2]
    log_in(page, live_server, "reviewer")
    # From here on: keyboard only.
    page.goto(f"{live_server.url}/queue/")
    rows = page.locator("li.queue-row[data-queue-row]")
    expect(rows).to_have_count(17)
    expect(rows.first).to_have_id(f"row-{first}")

    dialog = page.locator("dialog[data-shortcuts]")
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("사실로 판정 시작")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    selected = page.locator("li.queue-row.is-selected")
    page.keyboard.press("j")
    expect(selected).to_have_id(f"row-{first}")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(selected).to_have_id(f"row-{second}")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(selected).to_have_id(f"row-{first}")
    expect(selected).to_have_count(1)

    page.keyboard.press("v")
    page.wait_for_url(re.compile(rf"/claims/{first}/\?.*verdict=verified"))
    form = page.locator("form[action$='/review/']")
    expect(form.locator("input[name$=verdict][value=verified]")).to_be_checked()
    expect(form.locator("textarea[name$=note]")).to_be_focused()
    page.keyboard.type("원문 보도와 대조해 확인")
    page.keyboard.press("Tab")
    expect(form.locator("input[name$=source_1_url]")).to_be_focused()
    page.keyboard.type("https://example.org/report")
    page.keyboard.press("Tab")
    expect(form.locator("input[name$=source_1_title]")).to_be_focused()
    page.keyboard.type("원문 보도")
    tab_to(page, "form[action$='/review/'] button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/queue/#row-{first}")
    expect(page.get_by_text("'사실' 판정을 제안했습니다.")).to_be_visible()
    expect(page.locator(f"#row-{first}")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page.locator(f"#row-{first}")).to_contain_text("교차 확인 대기: 사실 제안 · reviewer")
    claim = Claim.objects.get(pk=first)
    assert (claim.status, claim.proposal.verdict, claim.proposal.reviewer) == ("pending", "verified", reviewer)
    assert claim.proposal.note == "원문 보도와 대조해 확인"
    assert list(claim.proposal.sources.values_list("url", "title")) == [("https://example.org/report", "원문 보도")]

    # The next row, dismissed: x, then straight to the button.
    page.keyboard.press("j")
    expect(page.locator("li.queue-row.is-selected")).to_have_id(f"row-{second}")
    page.keyboard.press("x")
    page.wait_for_url(re.compile(rf"/claims/{second}/\?.*verdict=dismissed"))
    form = page.locator("form[action$='/review/']")
    expect(form.locator("input[name$=verdict][value=dismissed]")).to_be_checked()
    expect(form.locator("textarea[name$=note]")).to_be_focused()
    tab_to(page, "form[action$='/review/'] button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/queue/#row-{second}")
    expect(page.get_by_text("판정을 기록했습니다.")).to_be_visible()
    expect(page.locator(f"#row-{second}")).to_have_count(0)  # no longer pending: out of the queue
    expect(rows).to_have_count(16)
    claim = Claim.objects.get(pk=second)
    assert (claim.status, claim.proposal) == ("dismissed", None)
    assert list(claim.reviews.values_list("action", "verdict")) == [(Review.Action.VERDICT, "dismissed")]

    # The claim that took the dismissed one's place is selected: the next to do. k goes back up.
    third = queue_order(seed_article)[1]
    expect(page.locator("li.queue-row.is-selected")).to_have_id(f"row-{third}")
    page.keyboard.press("k")
    expect(page.locator("li.queue-row.is-selected")).to_have_id(f"row-{first}")

    # Enter opens the selected claim without a verdict chosen; / goes to the search box.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/claims/{first}/\?next="))
    expect(page.get_by_text("내 제안(사실)이 다른 검토자의 교차 확인을 기다리고 있습니다.")).to_be_visible()
    page.go_back()
    page.wait_for_url("**/queue/**")
    page.keyboard.press("/")
    expect(page.locator("#f-search")).to_be_focused()
    page.keyboard.type("j")  # typed into the box, not a shortcut
    expect(page.locator("#f-search")).to_have_value("j")


# ---------------------------------------------------------------- 4. screenshots


def test_screenshots_of_the_dashboard_and_the_queue(page, live_server, seed_article, editor, reviewer, other_reviewer):
    order = queue_order(seed_article)
    for pk in order[:3]:
        services.assign_claim(user=editor, claim=Claim.objects.get(pk=pk), assignee=reviewer)
    workflow.propose(Claim.objects.get(pk=order[3]), other_reviewer)  # waiting for reviewer's cross-check
    workflow.propose(Claim.objects.get(pk=order[0]), reviewer)  # reviewer's own, waiting for someone else
    workflow.finalise(Claim.objects.get(pk=order[4]), reviewer, other_reviewer)
    workflow.finalise(Claim.objects.get(pk=order[5]), other_reviewer, reviewer, verdict="disputed")
    workflow.dismiss(Claim.objects.get(pk=order[6]), reviewer)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    log_in(page, live_server, "reviewer")
    expect_unread(page, 4)  # three assignments and one confirmed proposal
    expect(page.locator("section[aria-labelledby=mine-heading] h2")).to_contain_text("3건")
    expect(page.locator("section[aria-labelledby=check-heading] li")).to_have_count(1)
    expect(page.locator("section[aria-labelledby=recent-heading] li")).to_have_count(4)
    expect(page.locator(".stat-proposal .stat-count")).to_have_text("2")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    page.goto(f"{live_server.url}/queue/")
    expect(page.locator("li.queue-row")).to_have_count(14)
    page.keyboard.press("j")
    expect(page.locator("li.queue-row.is-selected")).to_have_count(1)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)

    for name in ("dashboard.png", "queue.png"):
        data = (ARTIFACTS / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        assert width == VIEWPORT["width"] and height >= VIEWPORT["height"], (name, width, height)
