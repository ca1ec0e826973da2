"""Every screen at phone and at laptop width: it fits the width, its targets can be tapped, axe finds nothing serious.

Each screen is saved to tests/artifacts/<screen>-<phone|laptop>.png (full page) for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from factcheck import extraction as engine
from factcheck import services
from factcheck.models import Claim
from tests import workflow
from tests.browser.conftest import watch_csp
from tests.browser.test_desk_in_a_browser import log_in
from tests.browser.test_team_workflow import ARTIFACTS

# transaction=True: the live server thread must see committed rows (see `roles` in conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "laptop": {"viewport": {"width": 1366, "height": 900}},
}

# Who looks at each screen. Staff see every control (upload, assignment, verdicts, the admin); the reviewer has
# unread notifications (assigned a claim, a proposal confirmed); the login page is seen signed out.
SCREENS = {
    "login": None,
    "dashboard": "staff",
    "articles": "staff",
    "upload": "staff",
    "article": "staff",
    "claim": "staff",
    "queue": "staff",
    "notifications": "reviewer",
    "admin": "staff",
    "admin-claims": "staff",
    "tokens": "reviewer",
}
# What axe checks: WCAG 2.0 and 2.1, levels A and AA. Only serious and critical findings fail a test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
# Long enough to need wrapping at 390 px: an outlet's article address as reporters paste it.
LONG_URL = "https://www.example.co.kr/news/articleView.html?idxno=20240517093012&utm_source=newsletter&utm_medium=email"

# WCAG 2.2's target size (minimum, 2.5.8): a target is at least 24 × 24 px, or a 24 px circle on its centre
# touches no other target nor another small target's circle. Links inside running text are exempt, as in WCAG.
# A radio or checkbox is tapped through the label around it, so the label is the target.
SMALL_TARGETS_JS = """
() => {
  const MIN = 24;
  const SELECTOR = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  // checkVisibility: not inside a closed <details> or dialog; right > 0: not the skip link parked off screen.
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && el.checkVisibility({visibilityProperty: true})
      && !el.closest('[aria-hidden=true], [inert]');
  };
  const targetOf = (el) => el.matches('input[type=radio], input[type=checkbox]') && el.closest('label')
    ? el.closest('label') : el;
  const targets = [...new Set([...document.querySelectorAll(SELECTOR)].filter(visible).map(targetOf))];
  const blockOf = (el) => {
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block;
  };
  const inRunningText = (el) => {
    if (!el.matches('a') || getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el);
    if (!block) return false;
    const copy = block.cloneNode(true);
    copy.querySelectorAll(SELECTOR + ', label').forEach((t) => t.remove());
    return copy.textContent.replace(/[\\s·|/→←()]/g, '').length > 0;
  };
  const describe = (el, r) => {
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.textContent || el.value || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${cls} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`;
  };
  const boxes = targets.map((el) => ({el, r: el.getBoundingClientRect()}));
  const small = (b) => b.r.width < MIN || b.r.height < MIN;
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const toRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const problems = [];
  for (const b of boxes) {
    if (!small(b) || inRunningText(b.el)) continue;
    const c = centre(b.r);
    const crowding = boxes.find((o) => o !== b && !o.el.contains(b.el) && !b.el.contains(o.el)
      && (toRect(c, o.r) < MIN / 2 || (small(o) && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < MIN)));
    if (crowding) problems.push(`${describe(b.el, b.r)} (too close to ${describe(crowding.el, crowding.r)})`);
  }
  return problems;
}
"""

# Text squeezed into a column one or two characters wide (the article list's titles once were): more lines
# than a few characters each. Text inside a clipped, visually hidden box does not count.
STACKED_TEXT_JS = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const hidden = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (a.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, '');
    const parent = node.parentElement;
    if (text.length < 6 || !parent.checkVisibility({visibilityProperty: true}) || hidden(parent)) continue;
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))).size;
    if (lines >= 3 && text.length / lines < 4) {
      found.push(`${parent.tagName.toLowerCase()} "${text.slice(0, 30)}" on ${lines} lines`);
    }
  }
  return found;
}
"""

AXE_JS = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary})),
  }));
}
"""


@pytest.fixture
def desk(monkeypatch, seed_text, editor, reviewer, other_reviewer, staff):
    """The seed article with hand-cut claims in all four statuses, a proposal, an assignment and a reopening.

    The extraction engine is not under test here: it finds nothing, and the claims are the article's sentences
    with a number in them, so these screens stay the same whatever the engine does next.
    """
    monkeypatch.setattr(engine, "extract", lambda text, **kwargs: [])
    article = services.upload_article(user=editor, text=seed_text, outlet="뉴스투데이", url=LONG_URL)
    Claim.objects.filter(article=article).delete()  # should the engine be reached some other way one day
    spans = [m.span() for m in re.finditer(r"[^\s.][^\n.]*\d[^\n]*?다\.", article.body)][:12]
    assert len(spans) == 12
    claims = [
        Claim.objects.create(
            article=article,
            text=article.body[start:end],
            start=start,
            end=end,
            sentence_index=index,
            score=round(0.95 - index * 0.04, 2),
            types=["statistic"],
            speaker="오픈AI" if index % 4 == 1 else None,
        )
        for index, (start, end) in enumerate(spans)
    ]
    workflow.finalise(claims[0], reviewer, other_reviewer)
    workflow.finalise(claims[1], other_reviewer, reviewer, verdict="disputed")
    workflow.dismiss(claims[2], reviewer)
    workflow.propose(claims[3], other_reviewer)
    services.assign_claim(user=editor, claim=workflow.fresh(claims[4]), assignee=reviewer)
    # The claim page's claim: pending again after a reopened verdict, so it has a history and a verdict form.
    workflow.finalise(claims[5], reviewer, other_reviewer)
    workflow.reopen(claims[5], reviewer)
    statuses = set(Claim.objects.filter(article=article).values_list("status", flat=True))
    assert statuses == {"pending", "verified", "disputed", "dismissed"}
    return {
        "login": "/login/",
        "dashboard": "/",
        "articles": "/articles/",
        "upload": "/articles/new/",
        "article": article.get_absolute_url(),
        "claim": claims[5].get_absolute_url(),
        "queue": "/queue/",
        "notifications": "/notifications/",
        "admin": "/admin/",
        "admin-claims": "/admin/factcheck/claim/",
        "tokens": "/settings/tokens/",
    }


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"    {node['target']}: {node['html']}\n        {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_fits_the_width_has_tappable_targets_and_passes_axe(
    browser, live_server, desk, axe_script, screen, size
):
    context = browser.new_context(locale="ko-KR", **SIZES[size])
    csp_violations = watch_csp(context)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        if SCREENS[screen]:
            log_in(page, live_server, SCREENS[screen])
        response = page.goto(f"{live_server.url}{desk[screen]}")
        assert response.status == 200, f"{desk[screen]} answered {response.status}"
        page.evaluate("document.fonts.ready.then(() => true)")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{screen}-{size}.png"), full_page=True)

        problems = []
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            problems.append(f"scrolls sideways: the page is {widths[0]} px wide in a {widths[1]} px window")
        stacked = page.evaluate(STACKED_TEXT_JS)
        if stacked:
            problems.append("text stacked a character or two a line:\n    " + "\n    ".join(stacked))
        small = page.evaluate(SMALL_TARGETS_JS)
        if small:
            problems.append("targets under 24 × 24 px with others within reach:\n    " + "\n    ".join(small))
        page.evaluate(axe_script.read_text(encoding="utf-8"))  # over DevTools: the page's CSP admits no inline script
        violations = [v for v in page.evaluate(AXE_JS, AXE_TAGS) if v["impact"] in FAILING_IMPACTS]
        if violations:
            problems.append("axe-core violations:\n" + format_violations(violations))
        if csp_violations:
            problems.append("the content security policy blocked:\n    " + "\n    ".join(csp_violations))
        assert not problems, f"{screen} at {size} width:\n" + "\n".join(problems)
    finally:
        context.close()


# The ring :focus-visible draws on the focused control, or on the label box around a focused radio or checkbox.
FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  const box = el.matches('input[type=radio], input[type=checkbox]') && el.closest('label');
  const ringed = box || el;
  const style = getComputedStyle(ringed);
  const r = ringed.getBoundingClientRect();
  return {
    what: `${el.tagName.toLowerCase()} ${(el.textContent || el.name || '').trim().slice(0, 30)}`,
    isSkipLink: el.matches('a.skip-link[href="#main"]'),
    inMain: !!el.closest('main'),
    outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    onScreen: r.right > 0 && r.bottom > 0 && r.left < window.innerWidth,
  };
}
"""


@pytest.mark.parametrize("screen", ["articles", "upload", "claim"])
def test_keyboard_starts_at_the_skip_link_and_every_focus_is_ringed(page, live_server, desk, screen):
    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}{desk[screen]}")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_RING_JS)
    assert first["isSkipLink"] and first["onScreen"] and first["outline"] >= 2, first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_RING_JS)["inMain"], "the skip link did not lead into <main>"

    page.goto(f"{live_server.url}{desk[screen]}")
    unringed = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_RING_JS)
        if focus["what"].startswith("body"):
            break
        if focus["outline"] < 2:
            unringed.append(focus["what"])
    assert not unringed, f"focused without a visible ring: {unringed}"


def test_the_api_docs_run_under_the_content_security_policy(page, live_server) -> None:
    from playwright.sync_api import expect

    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI starts from its own script file and renders the operations (the fixture fails on a violation).
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator(".swagger-ui .opblock").count() > 10
