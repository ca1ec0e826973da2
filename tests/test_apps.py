"""The background warm-up of the language model: only in runserver's serving process, only when switched on."""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from factcheck import apps as factcheck_apps


@pytest.fixture
def fake_warm_up(monkeypatch):
    """Replaces the engine's warm-up (the real one loads ~500 MB): an Event set when the thread calls it."""
    called = threading.Event()
    monkeypatch.setattr("factcheck.extraction.warm_up", called.set)
    return called


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}),  # the autoreloader's serving child
        (["manage.py", "runserver", "--noreload"], {}),  # no reloader: this process serves
        (["manage.py", "runserver", "0.0.0.0:8000"], {"RUN_MAIN": "true", "FACTCHECK_WARM_MODEL": "1"}),
    ],
)
def test_runserver_warms_the_model_in_a_background_thread(fake_warm_up, argv, environ):
    thread = factcheck_apps.start_model_warm_up(argv, environ)

    assert thread is not None and thread.daemon and thread.name == "factcheck-warm-model"
    thread.join(timeout=5)
    assert fake_warm_up.is_set()


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["manage.py", "runserver"], {}),  # the autoreloader's parent only watches files
        (["manage.py", "runserver"], {"RUN_MAIN": "true", "FACTCHECK_WARM_MODEL": "0"}),  # switched off
        (["manage.py", "runserver", "--noreload"], {"FACTCHECK_WARM_MODEL": "off"}),
        (["manage.py", "migrate"], {"RUN_MAIN": "true"}),
        (["manage.py", "db_worker"], {}),
        (["gunicorn", "-c", "factcheck/gunicorn_conf.py", "factcheck.wsgi"], {}),  # its master preloads
        (["pytest", "-q"], {}),
        ([], {}),
    ],
)
def test_nothing_else_starts_a_thread(fake_warm_up, argv, environ):
    assert factcheck_apps.start_model_warm_up(argv, environ) is None
    assert not fake_warm_up.is_set()


def test_a_misspelt_switch_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="FACTCHECK_WARM_MODEL"):
        factcheck_apps.start_model_warm_up(
            ["manage.py", "runserver"], {"RUN_MAIN": "true", "FACTCHECK_WARM_MODEL": "y"}
        )


def test_ready_reads_the_process_arguments_and_environment(fake_warm_up, monkeypatch):
    config = apps.get_app_config("factcheck")
    monkeypatch.setattr("sys.argv", ["pytest"])
    config.ready()
    assert not fake_warm_up.is_set()

    monkeypatch.setattr("sys.argv", ["manage.py", "runserver"])
    monkeypatch.setenv("RUN_MAIN", "true")
    monkeypatch.delenv("FACTCHECK_WARM_MODEL", raising=False)
    config.ready()
    assert fake_warm_up.wait(timeout=5)


def test_a_failed_warm_up_is_logged_not_raised(monkeypatch, caplog):
    def broken() -> None:
        raise OSError("model files missing")

    monkeypatch.setattr("factcheck.extraction.warm_up", broken)
    thread = factcheck_apps.start_model_warm_up(["manage.py", "runserver", "--noreload"], {})
    thread.join(timeout=5)

    assert "could not load the kiwipiepy model" in caplog.text
