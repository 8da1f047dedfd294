"""`make test-deploy`: docs/deploy.md followed block by block on this machine, as an operator
would, and every promise it makes checked on the way.

Needs root (CI runs as root): it creates a throwaway system user, runs nginx and installs the
guide's Debian packages when some are missing. Everything else happens in a temporary prefix
(see "How this guide is kept true" in docs/deploy.md, and guide.Site for the substitutions);
the PostgreSQL role and databases are named after --db (default rung_deploy) and dropped at the
end, as are the user, the processes and the prefix.

    .venv/bin/python tests/deploy/run_guide.py [--db rung_deploy] [--keep]

Exit 0 when every block ran and every check passed; 1 with the failing block, its output and
the services' logs otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guide import Block, Site, blocks

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
FAKE_SYSTEMCTL = Path(__file__).resolve().parent / "fake_systemctl.py"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
HOST = "rung.example.com"
SECOND_APP_PORT = 8161
# What the machine's pip needs to reach the registries (set by the machine, not by rung).
PASSED_THROUGH = re.compile(r"PIP_\w+|(?i:https?_proxy|no_proxy)")


class Failure(Exception):
    pass


def current_version() -> str:
    text = (ROOT / "src" / "rung" / "__init__.py").read_text()
    found = re.search(r'__version__ = "(\d+)\.(\d+)\.(\d+)"', text)
    if found is None:
        raise Failure("src/rung/__init__.py: no __version__ = \"X.Y.Z\"")
    return ".".join(found.groups())


def next_version(version: str) -> str:
    """The release the guide upgrades to: the next minor version (it has a migration)."""
    major, minor, _patch = version.split(".")
    return f"{major}.{int(minor) + 1}.0"


# --- HTTP through nginx and straight to gunicorn ------------------------------------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    def cookies(self) -> list[str]:
        return [v for k, v in self.headers if k.lower() == "set-cookie"]

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class _Tls(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 with the site's name in SNI, as `curl --resolve` does."""

    def __init__(self, port: int, sni: str, context: ssl.SSLContext) -> None:
        super().__init__("127.0.0.1", port, context=context, timeout=120)
        self.sni = sni

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.sni)  # type: ignore[attr-defined]


@dataclass
class Browser:
    site: Site
    cafile: Path
    jar: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.site.https_port}"

    def request(self, method: str, path: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None, app_port: int | None = None,
                plain_http: bool = False, host: str = HOST, sni: str = HOST) -> Response:
        """Through nginx over HTTPS (default), over plain HTTP, or straight to a gunicorn as
        the proxy talks to it (app_port)."""
        sent = {"Host": host if app_port or host != HOST else f"{host}:{self.site.https_port}",
                **(headers or {})}
        if self.jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        if app_port is not None:
            conn: http.client.HTTPConnection = http.client.HTTPConnection(
                "127.0.0.1", app_port, timeout=120)
            sent.setdefault("X-Forwarded-Proto", "https")
        elif plain_http:
            conn = http.client.HTTPConnection("127.0.0.1", self.site.http_port, timeout=30)
            sent["Host"] = host if host != HOST else f"{host}:{self.site.http_port}"
        else:
            context = ssl.create_default_context(cafile=str(self.cafile))
            conn = _Tls(self.site.https_port, sni, context)
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.getheaders(), raw.read())
        finally:
            conn.close()
        for line in response.cookies():
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                self.jar[name] = morsel.value
        return response

    def hidden(self, path: str) -> dict[str, str]:
        """The hidden fields of the page's form (CSRF token, one-time key), as a browser
        sends them back."""
        page = self.request("GET", path)
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                 page.text))
        if page.status != 200 or "csrfmiddlewaretoken" not in fields:
            raise Failure(f"GET {path}: {page.status}, no form token")
        return fields

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        body = urllib.parse.urlencode({**self.hidden(path), **fields}).encode()
        return self.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
            "Referer": f"{self.origin}{path}"})

    def post_file(self, path: str, field_name: str, name: str, data: bytes) -> Response:
        boundary = secrets.token_hex(12)
        body = "".join(f"--{boundary}\r\nContent-Disposition: form-data; "
                       f'name="{key}"\r\n\r\n{value}\r\n'
                       for key, value in self.hidden(path).items())
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field_name}\"; "
                 f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n')
        raw = body.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body=raw, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": self.origin,
            "Referer": f"{self.origin}{path}"})

    def login(self, username: str, password: str) -> Response:
        self.jar.clear()
        return self.post_form("/login/", {"username": username, "password": password})


# --- the deployment ---------------------------------------------------------------------


@dataclass
class Deployment:
    site: Site
    releases: dict[str, Path]
    shims: Path
    version: str
    next: str
    output: str = ""
    timings: list[tuple[str, float]] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.site.root

    def path(self, real: str) -> Path:
        """Where the test keeps what the guide puts at `real`."""
        return Path(self.site.relocate(real))

    def env(self) -> dict[str, str]:
        """A root login's environment, plus the shims and the machine's pip settings."""
        env = {"PATH": f"{self.shims}:{DEFAULT_PATH}", "HOME": "/root", "LANG": "C.UTF-8",
               "USER": "root", "LOGNAME": "root", "SHELL": "/bin/bash"}
        env.update({k: v for k, v in os.environ.items() if PASSED_THROUGH.fullmatch(k)})
        return env

    def sh(self, code: str, *, cwd: Path | None = None, check: bool = True,
           timeout: int = 900) -> subprocess.CompletedProcess[str]:
        """Run shell code as root, the way a block runs: bash -euo pipefail, no terminal,
        the passwords the commands ask for on standard input."""
        # Each command, with the time it started, goes to a trace file (not the output, which
        # the checks read): where a slow or failed step is seen.
        trace = self.root / "var" / "log" / "guide-trace.log"
        with trace.open("a") as trace_file:
            trace_file.write(f"### {code.splitlines()[0] if code else ''}\n")
            trace_file.flush()
            env = {**self.env(), "BASH_XTRACEFD": str(trace_file.fileno())}
            # (bash run as root ignores PS4 from the environment)
            traced = "PS4='+ $(date +%T) '\n" + code
            done = subprocess.run(["bash", "-xeuo", "pipefail", "-c", traced],
                                  cwd=cwd or self.releases["current"], env=env,
                                  input=f"{self.site.password}\n{self.site.password}\n",
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  timeout=timeout, start_new_session=True,
                                  pass_fds=(trace_file.fileno(),))
        if check and done.returncode != 0:
            raise Failure(f"exit {done.returncode}: {code}\n{done.stdout[-4000:]}")
        return done

    def rung(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A command through the installed rung-env (as the service user)."""
        env_cmd = self.path("/opt/rung/bin/rung-env")
        return self.sh(" ".join([str(env_cmd), *map(_quote, args)]), check=check)

    def psql(self, sql: str, database: str | None = None) -> str:
        done = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-AtX", "-d",
                               database or self.site.database, "-c", sql],
                              capture_output=True, text=True, timeout=60, cwd="/")
        if done.returncode != 0:
            raise Failure(f"psql: {sql}: {done.stderr}")
        return done.stdout.strip()

    def logs(self) -> str:
        out = []
        for log in sorted((self.root / "var" / "log").rglob("*.log")):
            text = log.read_text(errors="replace").splitlines()
            if text:
                out.append(f"--- {log.relative_to(self.root)} (last lines)\n"
                           + "\n".join(text[-25:]))
        return "\n".join(out)


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w@%+=:,./-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


# --- preparing the machine --------------------------------------------------------------


def guide_packages(guide: list[Block]) -> list[str]:
    for block in guide:
        for line in block.code.splitlines():
            if line.startswith("apt-get install") and not block.skip:
                return [w for w in line.split()[2:] if not w.startswith("-")]
    raise Failure("docs/deploy.md: no `apt-get install` line")


def install_packages(packages: list[str]) -> None:
    """The guide's packages, installed as its step 1 does when some are missing, without
    letting their services start (the test runs its own nginx)."""
    missing = [p for p in packages if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True
    ).stdout != "install ok installed"]
    if not missing:
        return
    print(f"installing the guide's missing packages: {' '.join(missing)}", flush=True)
    policy = Path("/usr/sbin/policy-rc.d")
    existed = policy.exists()
    if not existed:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                       check=True, env=env)
    finally:
        if not existed:
            policy.unlink()


def write_shims(dep_root: Path, packages: list[str]) -> Path:
    shims = dep_root / "shims"
    shims.mkdir()
    nginx_conf = dep_root / "etc" / "nginx" / "nginx.conf"
    scripts = {
        "systemctl": f'exec {sys.executable} {FAKE_SYSTEMCTL} --root {dep_root} "$@"\n',
        "nginx": f'exec /usr/sbin/nginx -c {nginx_conf} "$@"\n',
        # Step 1's packages were installed before the guide ran (install_packages).
        "apt-get": ('case "$1" in update) exit 0 ;; esac\n'
                    f'for p in {" ".join(packages)}; do dpkg-query -W -f=\'${{Status}}\' "$p" '
                    '| grep -q "install ok installed" || { echo "missing: $p" >&2; exit 100; }; '
                    'done\n'),
    }
    for name, body in scripts.items():
        path = shims / name
        path.write_text("#!/bin/sh\n" + body)
        path.chmod(0o755)
    return shims


def copy_nginx(site: Site) -> None:
    """Debian's /etc/nginx, with its own paths (pid, logs, includes) moved into the prefix
    and the default site's ports mapped like the guide's."""
    target = site.root / "etc" / "nginx"
    shutil.copytree("/etc/nginx", target, symlinks=True)
    conf = target / "nginx.conf"
    conf.write_text(conf.read_text().replace("/etc/nginx", str(target))
                    .replace("/run/nginx.pid", str(site.root / "run" / "nginx.pid"))
                    .replace("/var/log/nginx", str(site.root / "var" / "log" / "nginx")))
    for link in (target / "sites-enabled").iterdir():
        if link.is_symlink() and str(os.readlink(link)).startswith("/etc/nginx/"):
            real = target / str(os.readlink(link)).removeprefix("/etc/nginx/")
            link.unlink()
            link.symlink_to(real)
    for site_file in (target / "sites-available").iterdir():
        site_file.write_text(site.relocate(site_file.read_text()))
    (site.root / "var" / "log" / "nginx").mkdir(parents=True)


def copy_release(site: Site, folder: Path) -> None:
    """The checkout as an unpacked release, its deploy/ files relocated like the guide."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    for path in (folder / "deploy").rglob("*"):
        if path.is_file():
            path.write_text(site.relocate(path.read_text()))


UPGRADE_FIELD = '    upgrade_note = models.CharField(max_length=40, default="added in {version}")\n'


def make_next_release(current: Path, folder: Path, version: str) -> str:
    """The next release: the same code plus a migration adding a NOT NULL column (the kind
    whose rollback used to fail). Returns the migration's name."""
    shutil.copytree(current, folder, symlinks=True)
    init = folder / "src" / "rung" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"',
                           init.read_text()))
    models = folder / "src" / "rung" / "web" / "people" / "models.py"
    text = models.read_text()
    anchor = "class Person(models.Model):\n"
    _expect(anchor in text, f"{models}: no `{anchor.strip()}`; update make_next_release")
    models.write_text(text.replace(anchor, anchor + UPGRADE_FIELD.format(version=version)))
    migrations = models.parent / "migrations"
    latest = max(p.stem for p in migrations.glob("[0-9][0-9][0-9][0-9]_*.py"))
    name = f"{int(latest[:4]) + 1:04d}_person_upgrade_note"
    (migrations / f"{name}.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        f'    dependencies = [("people", "{latest}")]\n'
        "    operations = [migrations.AddField(\n"
        '        "person", "upgrade_note",\n'
        f'        models.CharField(max_length=40, default="added in {version}"))]\n')
    return name


# --- checks between the guide's steps -----------------------------------------------------


def check_installed(dep: Deployment) -> None:
    _expect(f"rung, version {dep.version}" in dep.output, "`rung --version` did not print "
            f"{dep.version}:\n{dep.output[-500:]}")
    where = dep.sh(f"{dep.path('/opt/rung/venv/bin/python')} -c "
                   "'import rung; print(rung.__file__)'", cwd=Path("/")).stdout.strip()
    _expect(where.startswith(str(dep.path("/opt/rung/venv/lib"))),
            f"rung is imported from {where}, not from the installed wheel")


def check_settings(dep: Deployment) -> None:
    """The file's owner and mode, the generated key; then the operator's edit."""
    env_file = dep.path("/etc/rung/rung.env")
    info = env_file.stat()
    group = subprocess.run(["id", "-g", dep.site.user], capture_output=True, text=True,
                           check=True).stdout.strip()
    _expect((info.st_uid, info.st_gid, info.st_mode & 0o777) == (0, int(group), 0o640),
            f"{env_file}: uid {info.st_uid} gid {info.st_gid} mode {oct(info.st_mode)}")
    text = env_file.read_text()
    key = re.search(r"(?m)^SECRET_KEY=(.*)$", text)
    _expect(key is not None and len(key.group(1)) >= 50, "SECRET_KEY was not generated")
    edits = {"DATABASE_URL": f"postgresql://{dep.site.database}:{dep.site.password}@"
                             f"127.0.0.1:5432/{dep.site.database}",
             "EMAIL_HOST": "", "ADMINS": ""}
    for name, value in edits.items():
        text, found = re.subn(rf"(?m)^{name}=.*$", f"{name}={value}", text)
        _expect(found == 1, f"rung.env.example has no {name}= line to edit")
    env_file.write_text(text)


def check_web(dep: Deployment) -> None:
    _expect(dep.output.strip() == "ok", f"/healthz through gunicorn said {dep.output!r}")
    # A PDF as the service user renders it (Pango from step 1, fonts, caches in its home).
    home = dep.path("/var/lib/rung")
    example = home / "persona.yaml"
    shutil.copy(dep.releases["current"] / "examples" / "tactical-to-strategic.yaml", example)
    shutil.chown(example, dep.site.user)
    dep.rung("rung", "plan", str(example), "--format", "pdf", "-o", str(home / "plan.pdf"))
    _expect((home / "plan.pdf").read_bytes().startswith(b"%PDF-"), "no PDF from the wheel")
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))
    for path in ("/livez", "/healthz"):
        answer = browser.request("GET", path, app_port=dep.site.app_port, host="10.0.0.11:8000",
                                 headers={"X-Forwarded-Proto": "http"})
        _expect((answer.status, answer.text) == (200, "ok\n"), f"{path}: {answer}")


def add_second_server(dep: Deployment) -> None:
    """Step 10 on one machine: a second gunicorn and reminders worker, and its upstream."""
    state = dep.root / "run" / "fake-systemd"
    state.mkdir(parents=True, exist_ok=True)
    (state / "instances.json").write_text(json.dumps({
        "rung-web": [{}, {"RUNG_BIND": f"127.0.0.1:{SECOND_APP_PORT}"}],
        "rung-reminders": [{}, {}], "rung-worker": [{}, {}]}))
    dep.sh("systemctl start rung-web")
    conf = dep.path("/etc/nginx/sites-available/rung.conf")
    text = conf.read_text()
    first = re.search(rf"(?m)^\s*server 127\.0\.0\.1:{dep.site.app_port}\b.*;\n", text)
    _expect(first is not None, f"{conf}: no server line for port {dep.site.app_port}")
    assert first is not None
    line = first.group(0)
    second = line.replace(f":{dep.site.app_port}", f":{SECOND_APP_PORT}")
    conf.write_text(text.replace(line, line + second))
    dep.sh("nginx -t && systemctl reload nginx")


def check_proxy(dep: Deployment) -> None:
    healthz, redirect = dep.output.strip().splitlines()[-2:]
    _expect(healthz == "ok", f"/healthz through nginx: {healthz!r}")
    _expect(redirect == f"301 https://{HOST}/login/", f"HTTP /login/: {redirect!r}")
    add_second_server(dep)
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))

    page = browser.request("GET", "/login/")
    _expect(page.status == 200 and "includeSubDomains" in page.header(
        "Strict-Transport-Security"), f"GET /login/: {page.status} {page.headers}")
    css = re.search(r'href="(/static/rung/app\.[0-9a-f]{12}\.css)"', page.text)
    _expect(css is not None, "the login page links no hashed stylesheet")
    assert css is not None
    static = browser.request("GET", css.group(1), headers={"Accept-Encoding": "gzip"})
    _expect(static.status == 200 and static.header("Content-Encoding") == "gzip"
            and "immutable" in static.header("Cache-Control")
            and b"body" in gzip.decompress(static.body),
            f"static file: {static.status} {static.headers}")

    login = browser.login("ada", dep.site.password)
    _expect(login.status == 302, f"login through nginx on port {dep.site.https_port}: "
            f"{login.status} {login.text[:300]}")
    session = [c for c in login.cookies() if c.startswith("sessionid=")]
    _expect(bool(session) and "Secure" in session[0] and "HttpOnly" in session[0],
            f"session cookie: {login.cookies()}")
    for port in (dep.site.app_port, SECOND_APP_PORT):
        people = browser.request("GET", "/people/admin/", app_port=port)
        _expect(people.status == 200 and "Ada Lovelace" in people.text,
                f"the session on the app server at {port}: {people.status}")

    created = browser.post_form("/people/admin/new/", {
        "username": "pat", "name": "Pat Quinn", "slug": "pat", "role": "pm",
        "framework": "pm-quadrants", "level": "pm", "password": dep.site.password})
    _expect(created.status == 302, f"creating Pat through nginx: {created.status} "
            f"{re.findall(r'<ul class=.errorlist[^>]*>(.*?)</ul>', created.text, re.S)}")

    too_big = browser.post_file("/import/", "ratings", "ratings.csv",
                                b"person_id\n" + b"x" * (21 * 1024 * 1024))
    _expect(too_big.status == 200 and "the limit is 20.0 MB" in too_big.text,
            f"a 21 MB upload: {too_big.status} {too_big.text[:300]}")

    try:
        stranger = browser.request("GET", "/login/", plain_http=True, host="evil.example.net")
        raise Failure(f"a foreign host name got an answer over HTTP: {stranger.status}")
    except (http.client.RemoteDisconnected, ConnectionResetError):
        pass
    try:
        browser.request("GET", "/login/", host="evil.example.net", sni="evil.example.net")
        raise Failure("a foreign host name got a TLS handshake")
    except ssl.SSLError:
        pass


def check_reminders(dep: Deployment) -> None:
    _expect("0 reminder(s) sent" in dep.output, f"one pass: {dep.output[-300:]}")
    logs = [dep.root / "var" / "log" / "units" / f"rung-reminders.{i}.log" for i in (0, 1)]
    deadline = time.monotonic() + 60
    while not all(p.exists() and "reminder(s) sent" in p.read_text() for p in logs):
        _expect(time.monotonic() < deadline, "a reminders worker made no pass in 60 s")
        time.sleep(0.5)
    running = dep.sh("systemctl start rung-reminders")  # starts none: both are running
    _expect(running.returncode == 0, "reminders workers")
    for log in logs:
        _expect("Traceback" not in log.read_text(), f"{log}: a traceback")


def check_worker(dep: Deployment) -> None:
    """An organisation file uploaded through nginx: the request answers with the status page
    at once, one of the two task workers imports it, and the page then shows the summary."""
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))
    _expect(browser.login("ada", dep.site.password).status == 302, "login for the import")
    on = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    rows = "".join(f"wen,Wen Li,pm,{comp},{rater},{name},3,{on}\n"
                   for comp in ("user-research", "data-analysis", "execution")
                   for rater, name in (("self", ""), ("manager", "Ada Lovelace")))
    csv = "person_id,person_name,level,competency,rater,rater_name,score,assessed_on\n" + rows
    started = time.monotonic()
    sent = browser.post_file("/import/", "ratings", "ratings.csv", csv.encode())
    location = sent.header("Location")
    _expect(sent.status == 302 and re.fullmatch(r"/import/[0-9a-f-]{36}/", location) is not None,
            f"the import's upload: {sent.status} {location!r} {sent.text[:300]}")
    deadline = started + 60
    while 'id="import-summary"' not in (page := browser.request("GET", location)).text:
        _expect("import-problems" not in page.text, f"the import failed: {page.text[-1500:]}")
        _expect(time.monotonic() < deadline, "no task worker ran the import in 60 s: "
                f"{page.status} {page.text[-600:]}")
        time.sleep(0.5)
    people = browser.request("GET", "/people/admin/")
    _expect("Wen Li" in people.text, "the imported person is not on the People page")
    logs = [dep.root / "var" / "log" / "units" / f"rung-worker.{i}.log" for i in (0, 1)]
    for log in logs:
        _expect(log.exists() and "Traceback" not in log.read_text(), f"{log}: a traceback")
    dep.data["import_s"] = f"{time.monotonic() - started:.1f}"


def check_backup(dep: Deployment) -> None:
    folder = dep.path("/var/backups/rung")
    uid = int(subprocess.run(["id", "-u", dep.site.user], capture_output=True, text=True,
                             check=True).stdout)
    for pattern in ("rung-*.json.gz", "rung-*.pgdump"):
        found = list(folder.glob(pattern))
        _expect(len(found) == 1, f"{folder}: {pattern}: {found}")
        info = found[0].stat()
        _expect((info.st_uid, info.st_mode & 0o777) == (uid, 0o600),
                f"{found[0]}: uid {info.st_uid}, mode {oct(info.st_mode)}")


def _tables(dep: Deployment, database: str, name: str) -> dict[str, object]:
    out = dep.path("/var/lib/rung") / name
    url = f"postgresql://{dep.site.database}:{dep.site.password}@127.0.0.1:5432/{database}"
    dep.rung(f"DATABASE_URL={url}", "rung", "backup", "--force", str(out))
    tables: dict[str, object] = json.loads(out.read_text())["tables"]
    return tables


AUDIT = "audit.auditentry"


def check_drill(dep: Deployment) -> None:
    live = _tables(dep, dep.site.database, "live.json")
    drill = _tables(dep, dep.site.database_name("rung_drill"), "drill.json")
    rows = sum(len(t) for t in live.values())  # type: ignore[arg-type,misc]
    differ = sorted(t for t in live.keys() | drill.keys() if live.get(t) != drill.get(t))
    _expect(rows > 0 and set(differ) <= {AUDIT},
            f"the drill database differs from the live one in {differ}")
    # The audit log is the one table that may differ, and only as rung says: the drill holds
    # the live log as it was at the backup (the live one has gone on since), then the restore.
    [latest] = dep.path("/var/backups/rung").glob("rung-*.json.gz")
    backed_up = json.loads(gzip.decompress(latest.read_bytes()))
    kept = backed_up["tables"].get(AUDIT, [])
    drilled: list[dict[str, Any]] = drill.get(AUDIT, [])  # type: ignore[assignment]
    _expect(drilled[:len(kept)] == kept and [r["fields"]["event"] for r in drilled[len(kept):]]
            == ["restore"], "the drill's audit log is not the backup's followed by the restore")
    dep.data["rows"] = str(rows)


def check_stopped(dep: Deployment) -> None:
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))
    page = browser.request("GET", "/people/admin/")
    _expect(page.status == 503 and page.header("Retry-After") == "10"
            and "rung is being updated" in page.text,
            f"while stopped: {page.status} {page.headers} {page.text[:200]}")


def check_upgraded(dep: Deployment, migration: str) -> None:
    version = dep.sh(f"{dep.path('/opt/rung/venv/bin/rung')} --version").stdout.strip()
    _expect(version == f"rung, version {dep.next}", f"after the upgrade: {version}")
    _expect(dep.output.strip().endswith("ok"), f"/healthz after the upgrade: {dep.output}")
    columns = dep.psql("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name = 'people_person'")
    _expect("upgrade_note" in columns.split(), "the upgrade's column is missing")
    dep.rung("rung", "admin", "create", "grace", "--name", "Grace Hopper")
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))
    _expect(browser.login("ada", dep.site.password).status == 302, "login after the upgrade")
    people = browser.request("GET", "/people/admin/")
    _expect(people.status == 200 and all(n in people.text for n in (
        "Pat Quinn", "Grace Hopper")), f"people after the upgrade: {people.status}")
    dep.data["migration"] = migration


def check_restore_refused_before_the_schema_went_back(dep: Deployment) -> None:
    """The mistake issue 16 made: the old release installed first. Its restore must refuse
    and say what to do, instead of failing half-way on the new NOT NULL column."""
    wheels = dep.path("/opt/rung/releases")
    dep.sh("systemctl stop rung-worker rung-reminders rung-web")
    dep.sh(f"{dep.path('/opt/rung/venv/bin/pip')} install --quiet "
           f"{wheels}/rung-{dep.version}-py3-none-any.whl")
    backup = dep.path("/var/backups/rung") / f"before-{dep.next}.json.gz"
    refused = dep.rung("rung", "restore", "--force", str(backup), check=False)
    _expect(refused.returncode == 2, f"restore on the newer schema: {refused.stdout}")
    for words in (f"it has people.{dep.data['migration']}", "install the newer rung again, "
                  f"run `rung migrate --to-backup {backup}`"):
        _expect(words in refused.stdout, f"the refusal lacks {words!r}: {refused.stdout}")
    insert = dep.rung("rung", "admin", "create", "ken", "--name", "Ken Thompson", check=False)
    _expect(insert.returncode == 2 and "migrated by a newer rung" in insert.stdout,
            f"the old code writing to the new schema: {insert.stdout}")
    dep.sh(f"{dep.path('/opt/rung/venv/bin/pip')} install --quiet "
           f"{wheels}/rung-{dep.next}-py3-none-any.whl")


def check_rolled_back(dep: Deployment) -> None:
    version = dep.sh(f"{dep.path('/opt/rung/venv/bin/rung')} --version").stdout.strip()
    _expect(version == f"rung, version {dep.version}", f"after the rollback: {version}")
    columns = dep.psql("SELECT column_name FROM information_schema.columns "
                       "WHERE table_name = 'people_person'").split()
    _expect("upgrade_note" not in columns, "the upgrade's column is still there")
    _expect(dep.output.strip().endswith("ok"), f"/healthz after the rollback: {dep.output}")
    dep.rung("rung", "admin", "create", "linus", "--name", "Linus Torvalds")  # old code writes
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))
    _expect(browser.login("ada", dep.site.password).status == 302, "login after the rollback")
    people = browser.request("GET", "/people/admin/").text
    _expect(all(n in people for n in ("Pat Quinn", "Grace Hopper", "Linus Torvalds")),
            "people written before and during the upgrade")


def check_restored(dep: Deployment) -> None:
    _expect(dep.output.strip().endswith("ok"), f"/healthz after the restore: {dep.output}")
    browser = Browser(dep.site, dep.path("/etc/rung/tls/fullchain.pem"))
    _expect(browser.login("ada", dep.site.password).status == 302, "login after the restore")
    people = browser.request("GET", "/people/admin/").text
    _expect("Pat Quinn" in people and "Grace Hopper" not in people
            and "Linus Torvalds" not in people, "the people of the moment before the upgrade")


# --- the run ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> Deployment:
    guide = blocks(GUIDE)
    packages = guide_packages(guide)
    install_packages(packages)
    version = current_version()
    dep_root = Path(tempfile.mkdtemp(prefix="deploytest-", dir="/tmp"))
    dep_root.chmod(0o755)
    site = Site(root=dep_root, user=f"rungdt{os.getpid()}", database=args.db,
                password=secrets.token_urlsafe(18))
    for folder in ("var/lib", "var/log/units", "run", "etc/systemd/system"):
        (dep_root / folder).mkdir(parents=True, exist_ok=True)
    releases_home = dep_root / "root"  # like root's home: closed to the service user
    releases_home.mkdir(mode=0o700)
    dep = Deployment(site, {}, write_shims(dep_root, packages), version, next_version(version))
    dep.releases["current"] = releases_home / f"rung-{version}"
    copy_release(site, dep.releases["current"])
    dep.releases["next"] = releases_home / f"rung-{dep.next}"
    migration = make_next_release(dep.releases["current"], dep.releases["next"], dep.next)
    copy_nginx(site)
    _drop_databases(site)
    print(f"deploy test in {dep_root} as user {site.user}, database {site.database}; "
          f"releases {version} and {dep.next} ({migration})", flush=True)
    checks: dict[str, Callable[[Deployment], None]] = {
        "installed": check_installed, "settings": check_settings, "web": check_web,
        "proxy": check_proxy, "reminders": check_reminders, "worker": check_worker,
        "backup": check_backup,
        "drill": check_drill, "stopped": check_stopped,
        "upgraded": lambda d: check_upgraded(d, migration),
        "rolled-back": check_rolled_back, "restored": check_restored}
    before = {"rolled-back": check_restore_refused_before_the_schema_went_back}
    named = {b.check for b in guide if b.check}
    _expect(named == set(checks), f"checks named in the guide {sorted(named)} and in the test "
            f"{sorted(checks)} differ")
    try:
        for block in guide:
            if block.skip:
                print(f"  not run  {block.where()}: {block.skip}", flush=True)
                continue
            started = time.monotonic()
            if block.check in before:
                before[block.check](dep)
            try:
                done = dep.sh(site.relocate(block.code), cwd=dep.releases[block.release])
            except Failure as exc:
                raise Failure(f"{block.where()} failed:\n{block.code}\n--- {exc}") from None
            dep.output = done.stdout
            ran = time.monotonic() - started
            if block.check:
                try:
                    checks[block.check](dep)
                except Failure as exc:
                    raise Failure(f"check '{block.check}' after {block.where()}: {exc}") from None
            checked = time.monotonic() - started - ran
            dep.timings.append((block.where(), ran + checked))
            print(f"  {ran:5.1f} s  {block.where()}"
                  + (f"  [check {block.check}: {checked:.1f} s]" if block.check else ""),
                  flush=True)
    except BaseException:
        print(dep.logs(), file=sys.stderr)
        raise
    finally:
        _clean_up(dep, keep=args.keep)
    return dep


def _drop_databases(site: Site) -> None:
    for name in ("rung_pgdrill", "rung_drill", "rung"):
        subprocess.run(["runuser", "-u", "postgres", "--", "dropdb", "--if-exists",
                        site.database_name(name)], cwd="/", check=True, capture_output=True)
    subprocess.run(["runuser", "-u", "postgres", "--", "dropuser", "--if-exists",
                    site.database], cwd="/", check=True, capture_output=True)


def _user_processes(user: str) -> list[int]:
    try:
        uid = int(subprocess.run(["id", "-u", user], capture_output=True, text=True,
                                 check=True).stdout)
    except subprocess.CalledProcessError:
        return []
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            real = next(line for line in status.read_text().splitlines()
                        if line.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if int(real.split()[1]) == uid:
            pids.append(int(status.parent.name))
    return pids


def _clean_up(dep: Deployment, *, keep: bool) -> None:
    """Every process the run started (by id), the user, the databases, the prefix."""
    subprocess.run([sys.executable, str(FAKE_SYSTEMCTL), "--root", str(dep.root), "stop-all"],
                   check=False)
    for pid in _user_processes(dep.site.user):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    subprocess.run(["userdel", dep.site.user], check=False, capture_output=True)
    _drop_databases(dep.site)
    if keep:
        print(f"kept {dep.root}")
    else:
        shutil.rmtree(dep.root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="rung_deploy",
                        help="name of the PostgreSQL role and database (and prefix of the "
                        "others); default rung_deploy")
    parser.add_argument("--keep", action="store_true", help="keep the temporary prefix")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("test-deploy: run it as root (CI does): it creates a system user, starts nginx "
              "and installs the guide's Debian packages when missing", file=sys.stderr)
        return 1
    started = time.monotonic()
    try:
        dep = run(args)
    except Failure as exc:
        print(f"\ndeploy test FAILED: {exc}", file=sys.stderr)
        return 1
    ran = len(dep.timings)
    print(f"deploy test passed: {ran} blocks of docs/deploy.md ran and were checked, "
          f"in {time.monotonic() - started:.0f} s")
    print(f"{ran} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
