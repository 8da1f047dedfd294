"""The deploy test's reading of docs/deploy.md: which blocks run, what they are changed into,
and that the guide names the release it installs. (The deploy test itself, which runs the
blocks as root, is `make test-deploy`.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rung import __version__

import run_guide
from guide import Site, blocks

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
SITE = Site(root=Path("/tmp/deploytest-x"), user="rungdt1", database="rung_deploy",
            password="pw")


def test_every_block_runs_or_says_why_not() -> None:
    found = blocks(GUIDE)
    assert len(found) >= 20
    skipped = [b for b in found if "skip" in b.tags]
    assert all(b.skip for b in skipped), "a skip needs its reason"
    assert len(skipped) == 2  # a public certificate, a second machine
    assert all(b.release in ("current", "next") for b in found)


def test_the_guide_and_the_test_name_the_same_checks() -> None:
    named = {b.check for b in blocks(GUIDE) if b.check}
    assert named == {"installed", "settings", "web", "proxy", "reminders", "worker", "backup",
                     "drill", "stopped", "upgraded", "rolled-back", "restored"}
    source = Path(run_guide.__file__).read_text()
    for name in named:
        assert f'"{name}":' in source, f"run_guide has no check {name!r}"


def test_the_guide_installs_this_release_and_upgrades_to_the_next_minor() -> None:
    code = "\n".join(b.code for b in blocks(GUIDE))
    upcoming = run_guide.next_version(__version__)
    assert f"rung-{__version__}-py3-none-any.whl" in code
    assert f"rung-{upcoming}-py3-none-any.whl" in code
    assert f"before-{upcoming}" in code
    versions = set(re.findall(r"rung-(\d+\.\d+\.\d+)-py3", code))
    assert versions == {__version__, upcoming}, "update docs/deploy.md for the new release"


def test_the_packages_include_what_the_deploy_files_call() -> None:
    packages = run_guide.guide_packages(blocks(GUIDE))
    assert {"python3-venv", "postgresql-client", "nginx", "openssl", "curl"} <= set(packages)


def test_a_tag_must_stand_right_before_a_shell_block(tmp_path: Path) -> None:
    page = tmp_path / "deploy.md"
    page.write_text("## 1. X\n\n<!-- deploy-test: check=a -->\nSome prose.\n\n```sh\nls\n```\n")
    with pytest.raises(ValueError, match="right before its block"):
        blocks(page)
    page.write_text("## 1. X\n\n<!-- deploy-test: skip=why -->\n```text\nls\n```\n")
    with pytest.raises(ValueError, match="before a text block"):
        blocks(page)


def test_blocks_carry_their_section_line_and_tags(tmp_path: Path) -> None:
    page = tmp_path / "deploy.md"
    page.write_text("# T\n\n## 2. Users\n\n```text\nnot run\n```\n\n"
                    "<!-- deploy-test: release=next; check=upgraded -->\n```sh\nrung migrate\n"
                    "```\n")
    [block] = blocks(page)
    assert (block.section, block.line, block.code) == ("2. Users", 10, "rung migrate")
    assert (block.release, block.check, block.skip) == ("next", "upgraded", None)


@pytest.mark.parametrize(("real", "test"), [
    ("install -d -o rung -g rung -m 700 /var/backups/rung",
     "install -d -o rungdt1 -g rungdt1 -m 700 /tmp/deploytest-x/var/backups/rung"),
    ("useradd --system --home-dir /var/lib/rung --create-home --shell /usr/sbin/nologin rung",
     "useradd --system --home-dir /tmp/deploytest-x/var/lib/rung --create-home --shell "
     "/usr/sbin/nologin rungdt1"),
    ("runuser -u postgres -- createdb --owner rung rung_drill",
     "runuser -u postgres -- createdb --owner rung_deploy rung_deploy_drill"),
    ("/opt/rung/bin/rung-env DATABASE_URL=postgresql://rung:PASSWORD@db.internal:5432/rung_drill"
     " rung migrate",
     "/tmp/deploytest-x/opt/rung/bin/rung-env DATABASE_URL=postgresql://rung_deploy:pw@"
     "127.0.0.1:5432/rung_deploy_drill rung migrate"),
    ("pg_restore --no-owner --role=rung x", "pg_restore --no-owner --role=rung_deploy x"),
    ("curl --resolve rung.example.com:443:127.0.0.1 https://rung.example.com/healthz",
     "curl --resolve rung.example.com:8461:127.0.0.1 https://rung.example.com:8461/healthz"),
    ("    listen [::]:80 default_server;", "    listen [::]:8460 default_server;"),
    ("    listen 443 ssl http2;", "    listen 8461 ssl http2;"),
    ("server 127.0.0.1:8000 fail_timeout=5s;", "server 127.0.0.1:8160 fail_timeout=5s;"),
    ("User=rung\nGroup=rung\nWorkingDirectory=/var/lib/rung",
     "User=rungdt1\nGroup=rungdt1\nWorkingDirectory=/tmp/deploytest-x/var/lib/rung"),
    ('user=${RUNG_USER:-rung}', 'user=${RUNG_USER:-rungdt1}'),
    ("ssl_certificate /etc/rung/tls/fullchain.pem;",
     "ssl_certificate /tmp/deploytest-x/etc/rung/tls/fullchain.pem;"),
    # what must stay: the command, the package, a word in prose, a redirect target
    ("/opt/rung/bin/rung-env rung admin create ada --name 'Ada'",
     "/tmp/deploytest-x/opt/rung/bin/rung-env rung admin create ada --name 'Ada'"),
    ("return 301 https://$host$request_uri;", "return 301 https://$host$request_uri;"),
    ("pip install /opt/rung/releases/rung-0.3.0-py3-none-any.whl",
     "pip install /tmp/deploytest-x/opt/rung/releases/rung-0.3.0-py3-none-any.whl"),
])
def test_the_site_moves_paths_users_databases_and_ports_and_nothing_else(
        real: str, test: str) -> None:
    assert SITE.relocate(real) == test
