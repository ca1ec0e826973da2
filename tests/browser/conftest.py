"""Real-browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
# axe-core's browser build, pinned in package-lock.json beside this file.
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are still
# synchronous, which Django would otherwise refuse inside a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """Transactional tests flush every table afterwards, the role groups from migrations 0002 and 0005 included.

    Both migrations set the app config's `models_module` to None after creating the permissions; on the
    global registry that would make later post_migrate signals (the flush's) skip the app, so it is put back.
    """
    from django.apps import apps

    app_config = apps.get_app_config("factcheck")
    models_module = app_config.models_module
    try:
        importlib.import_module("factcheck.migrations.0002_roles").create_roles(apps, None)
        # Editors assign claims (assign_claim), a permission added after the roles were created.
        importlib.import_module("factcheck.migrations.0005_editors_assign_claims").grant(apps, None)
        importlib.import_module("factcheck.migrations.0007_claim_corrections").grant(apps, None)
    finally:
        app_config.models_module = models_module


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev)")
    if not shutil.which(CHROMIUM):
        reason = f"no chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs it: a skip there would hide a broken install step
        pytest.skip(reason)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """The path of axe.min.js, to run with `page.evaluate` (the content security policy blocks injected tags)."""
    if not AXE.is_file():
        reason = f"axe-core is not installed at {AXE}: npm ci --prefix tests/browser (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # as for chromium: a skip under CI would hide a broken install step
        pytest.skip(reason)
    return AXE


def watch_csp(context) -> list[str]:
    """Every Content-Security-Policy violation the pages of `context` report (the list fills as they do)."""
    violations: list[str] = []
    context.on(
        "console",
        lambda message: (
            violations.append(f"{message.location.get('url')}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    csp_violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not csp_violations, "the content security policy blocked:\n" + "\n".join(csp_violations)
