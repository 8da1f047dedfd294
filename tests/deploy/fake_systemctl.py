"""A stand-in for `systemctl` on a machine without systemd, for the deploy test.

It runs what a unit file says, the way systemd would: `ExecStart` as the unit's User and Group
(setpriv), with the variables of its EnvironmentFile and nothing else from the caller, in its
WorkingDirectory, output appended to a log file (the journal's stand-in). Type=oneshot units run
to the end and their exit status is the command's; Type=notify units (gunicorn) count as started
once their address accepts connections, as systemd waits for READY; simple units are started and
left. `reload` runs ExecReload with $MAINPID. The unit `nginx` is Debian's nginx with the test's
copied configuration.

A unit may run as several instances (the second app server on the same machine): the test lists
each instance's extra variables in run/fake-systemd/instances.json.

    fake_systemctl.py --root PREFIX start|stop|restart|reload|enable|daemon-reload|stop-all UNIT...
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NGINX = "/usr/sbin/nginx"


class UnitError(Exception):
    pass


def parse_unit(path: Path) -> dict[str, str]:
    """The [Service] keys of a unit file (the last value wins, as for these keys in systemd)."""
    if not path.is_file():
        raise UnitError(f"Unit {path.name} not found (expected {path}).")
    keys: dict[str, str] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line:
            key, value = line.split("=", 1)
            keys[key.strip()] = value.strip()
    return keys


def read_environment_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd reads them (no shell expansion)."""
    env = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith(("#", ";")) and "=" in line:
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip()
    return env


class Manager:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.units = root / "etc" / "systemd" / "system"
        self.state = root / "run" / "fake-systemd"
        self.logs = root / "var" / "log" / "units"
        self.nginx_conf = root / "etc" / "nginx" / "nginx.conf"
        self.nginx_pid = root / "run" / "nginx.pid"
        self.state.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)

    # --- bookkeeping ---------------------------------------------------------------------

    def instances(self, unit: str) -> list[dict[str, str]]:
        listed = self.state / "instances.json"
        known: dict[str, list[dict[str, str]]] = (json.loads(listed.read_text())
                                                  if listed.exists() else {})
        return known.get(unit, [{}])

    def pid_file(self, unit: str, index: int) -> Path:
        return self.state / f"{unit}.{index}.pid"

    def log_file(self, unit: str, index: int) -> Path:
        return self.logs / f"{unit}.{index}.log"

    def running_pid(self, unit: str, index: int) -> int | None:
        path = self.pid_file(unit, index)
        if not path.exists():
            return None
        pid = int(path.read_text())
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            path.unlink()
            return None
        # A finished child stays a zombie until reaped; this process is not its parent.
        stat = Path(f"/proc/{pid}/stat").read_text() if Path(f"/proc/{pid}/stat").exists() else ""
        if not stat or stat.split(") ", 1)[1].startswith("Z"):
            path.unlink()
            return None
        return pid

    # --- commands ------------------------------------------------------------------------

    def start(self, unit: str) -> None:
        if unit == "nginx":
            self._nginx_start()
            return
        if unit.endswith(".timer"):
            parse_unit(self.units / unit)  # must exist; firing times are not emulated
            return
        service = parse_unit(self.units / f"{unit}.service")
        if service.get("Type") == "oneshot":
            self._run_oneshot(unit, service)
            return
        for index, extra in enumerate(self.instances(unit)):
            if self.running_pid(unit, index) is None:
                self._spawn(unit, index, service, extra)

    def stop(self, unit: str) -> None:
        if unit == "nginx":
            if self._nginx_running():
                subprocess.run([NGINX, "-c", str(self.nginx_conf), "-s", "quit"], check=True)
                self._wait(lambda: not self._nginx_running(), 20, "nginx did not stop")
            return
        if unit.endswith(".timer"):
            return
        for path in sorted(self.state.glob(f"{unit}.*.pid")):
            index = int(path.name.split(".")[-2])
            pid = self.running_pid(unit, index)
            if pid is not None:
                self._terminate(pid)
            path.unlink(missing_ok=True)

    def reload(self, unit: str) -> None:
        if unit == "nginx":
            if not self._nginx_running():
                raise UnitError("nginx.service is not active, cannot reload.")
            subprocess.run([NGINX, "-c", str(self.nginx_conf), "-s", "reload"], check=True)
            time.sleep(1)  # the old workers finish their requests first
            return
        service = parse_unit(self.units / f"{unit}.service")
        command = service.get("ExecReload")
        if not command:
            raise UnitError(f"Job type reload is not applicable for unit {unit}.service.")
        for index in range(len(self.instances(unit))):
            pid = self.running_pid(unit, index)
            if pid is None:
                raise UnitError(f"{unit}.service is not active, cannot reload.")
            subprocess.run(shlex.split(command.replace("$MAINPID", str(pid))), check=True)

    def stop_all(self) -> None:
        for path in sorted(self.state.glob("*.pid")):
            unit, index = path.name.rsplit(".", 2)[0], int(path.name.split(".")[-2])
            pid = self.running_pid(unit, index)
            if pid is not None:
                self._terminate(pid)
            path.unlink(missing_ok=True)
        self.stop("nginx")

    # --- helpers -------------------------------------------------------------------------

    def _environment(self, service: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
        user = service.get("User", "root")
        home = subprocess.run(["getent", "passwd", user], capture_output=True, text=True,
                              check=True).stdout.split(":")[5]
        env = {"PATH": DEFAULT_PATH, "LANG": "C.UTF-8", "HOME": home, "USER": user,
               "LOGNAME": user}
        for spec in service.get("EnvironmentFile", "").split():
            optional = spec.startswith("-")
            path = Path(spec.lstrip("-"))
            if path.exists():
                env.update(read_environment_file(path))
            elif not optional:
                raise UnitError(f"Failed to load environment file {path}: No such file")
        env.update(extra)
        return env

    def _command(self, service: dict[str, str], env: dict[str, str]) -> list[str]:
        user = service.get("User", "root")
        group = service.get("Group", user)
        argv = shlex.split(service["ExecStart"])
        if not Path(argv[0]).is_file():
            raise UnitError(f"{argv[0]} is not executable: No such file or directory")
        return ["setpriv", f"--reuid={user}", f"--regid={group}", "--init-groups",
                "env", "-i", *[f"{k}={v}" for k, v in env.items()], *argv]

    def _spawn(self, unit: str, index: int, service: dict[str, str],
               extra: dict[str, str]) -> None:
        env = self._environment(service, extra)
        log = self.log_file(unit, index).open("ab")
        proc = subprocess.Popen(self._command(service, env), cwd=service.get("WorkingDirectory"),
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
        self.pid_file(unit, index).write_text(str(proc.pid))
        if service.get("Type") == "notify":
            host, _, port = env.get("RUNG_BIND", "127.0.0.1:8000").rpartition(":")
            self._wait(lambda: self._accepts(host, int(port)) or proc.poll() is not None, 60,
                       f"{unit} did not start")
            if proc.poll() is not None:
                self.pid_file(unit, index).unlink(missing_ok=True)
                raise UnitError(f"{unit}.service failed (exit {proc.returncode}):\n"
                                + self._tail(unit, index))

    def _run_oneshot(self, unit: str, service: dict[str, str]) -> None:
        env = self._environment(service, {})
        with self.log_file(unit, 0).open("ab") as log:
            done = subprocess.run(self._command(service, env), cwd=service.get("WorkingDirectory"),
                                  stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        if done.returncode != 0:
            raise UnitError(f"{unit}.service failed (exit {done.returncode}):\n"
                            + self._tail(unit, 0))

    def _tail(self, unit: str, index: int, lines: int = 30) -> str:
        text = self.log_file(unit, index).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _terminate(self, pid: int) -> None:
        os.kill(pid, signal.SIGTERM)
        if not self._wait(lambda: not Path(f"/proc/{pid}").exists()
                          or self._zombie(pid), 40, None):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):  # KillMode=mixed: what is left of it
            os.killpg(pid, signal.SIGKILL)

    @staticmethod
    def _zombie(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
        except (FileNotFoundError, IndexError):
            return True

    @staticmethod
    def _accepts(host: str, port: int) -> bool:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            return False

    @staticmethod
    def _wait(ready: object, seconds: float, failure: str | None) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if ready():  # type: ignore[operator]
                return True
            time.sleep(0.1)
        if failure:
            raise UnitError(failure)
        return False

    def _nginx_running(self) -> bool:
        if not self.nginx_pid.exists():
            return False
        text = self.nginx_pid.read_text().strip()
        return bool(text) and Path(f"/proc/{text}").exists()

    def _nginx_start(self) -> None:
        if self._nginx_running():
            return
        # Not a pipe: the daemon that nginx forks would hold it open.
        errors = self.state / "nginx-start.err"
        with errors.open("wb") as err:
            done = subprocess.run([NGINX, "-c", str(self.nginx_conf)], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=err)
        if done.returncode != 0:
            raise UnitError(f"nginx failed to start:\n{errors.read_text()}")
        self._wait(self._nginx_running, 10, "nginx wrote no pid file")


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "--root":
        print("usage: fake_systemctl.py --root PREFIX COMMAND [--now] [UNIT ...]",
              file=sys.stderr)
        return 2
    manager = Manager(Path(argv[1]))
    words = [w for w in argv[2:] if not w.startswith("-")]
    command, units = words[0], [u.removesuffix(".service") for u in words[1:]]
    now = "--now" in argv
    try:
        if command == "daemon-reload":
            return 0
        if command == "stop-all":
            manager.stop_all()
            return 0
        actions = {"start": [manager.start], "stop": [manager.stop],
                   "restart": [manager.stop, manager.start], "reload": [manager.reload],
                   "enable": [manager.start] if now else []}
        if command not in actions or not units:
            raise UnitError(f"the deploy test's systemctl does not do: {' '.join(argv)}")
        for unit in units:
            for action in actions[command]:
                action(unit)
    except UnitError as exc:
        print(f"systemctl: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
