"""Production error reports (rung.web.settings_production): every error is a line on stderr
(the journal) and, when ADMINS is set, one mail; an ERROR logged by rung's own code too."""

from __future__ import annotations

from pathlib import Path

from deploytools import manage, production_env

BOOM_URLS = '''
from django.contrib.auth.decorators import login_not_required
from django.urls import path


@login_not_required
def boom(request):
    raise RuntimeError("the plan page fell over")


urlpatterns = [path("boom", boom)]
'''
SERVER_ERROR = (
    "from django.test import Client, override_settings\n"
    "with override_settings(ROOT_URLCONF='boom_urls'):\n"
    "    Client(raise_request_exception=False).get('/boom', secure=True,\n"
    "                                              HTTP_HOST='rung.example.com')\n")
CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"


def _run(tmp_path: Path, script: str, **env: str | None) -> tuple[str, str]:
    (tmp_path / "boom_urls.py").write_text(BOOM_URLS)
    done = manage(production_env(tmp_path, PYTHONPATH=str(tmp_path), EMAIL_BACKEND=CONSOLE_MAIL,
                                 **env), "shell", "-c", script)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def test_a_server_error_is_one_line_and_a_traceback_on_stderr(tmp_path: Path) -> None:
    _, stderr = _run(tmp_path, SERVER_ERROR, ADMINS=None)
    assert " ERROR django.request: Internal Server Error: /boom" in stderr
    assert "RuntimeError: the plan page fell over" in stderr


def test_a_server_error_is_mailed_to_the_admins_once(tmp_path: Path) -> None:
    stdout, _ = _run(tmp_path, SERVER_ERROR, ADMINS="ops@example.com")
    assert stdout.count("Subject: [rung] ERROR") == 1
    assert "To: ops@example.com" in stdout


def test_an_error_a_worker_logs_is_mailed_to_the_admins(tmp_path: Path) -> None:
    script = "import logging; logging.getLogger('rung.web.tracking').error('SMTP refused us')\n"
    stdout, stderr = _run(tmp_path, script, ADMINS="ops@example.com")
    assert ("ERROR rung.web.tracking: SMTP refused us" in stderr,
            "Subject: [rung] ERROR: SMTP refused us" in stdout) == (True, True)


def test_without_admins_nothing_is_mailed(tmp_path: Path) -> None:
    stdout, _ = _run(tmp_path, SERVER_ERROR, ADMINS=None)
    assert "Subject:" not in stdout
