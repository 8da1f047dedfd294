"""docs/deploy.md as a script: its `sh` blocks in order, and the substitutions that move them
(and the release's deploy/ files) from a real machine into a test's temporary prefix.

A block may be preceded by an HTML comment, invisible on the rendered page:
    <!-- deploy-test: skip=REASON -->              not run; the reason is printed
    <!-- deploy-test: release=next; check=NAME --> run in the next release's folder, then the
                                                   test's check NAME
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

TAG = re.compile(r"<!--\s*deploy-test:\s*(.*?)\s*-->")
FENCE = re.compile(r"^```(\S*)[^\n]*$")
HEADING = re.compile(r"^## (.+)$")


@dataclass(frozen=True)
class Block:
    section: str
    line: int  # of the opening fence, 1-based
    code: str
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def skip(self) -> str | None:
        return self.tags.get("skip")

    @property
    def check(self) -> str | None:
        return self.tags.get("check")

    @property
    def release(self) -> str:
        return self.tags.get("release", "current")

    def where(self) -> str:
        return f"docs/deploy.md:{self.line} ({self.section})"


def _tags(text: str) -> dict[str, str]:
    tags = {}
    for part in text.split(";"):
        key, _, value = part.strip().partition("=")
        if key:
            tags[key.strip()] = value.strip()
    return tags


def blocks(path: Path) -> list[Block]:
    """Every ```sh block, with its section and tags. Other fences (text, nginx) are prose."""
    found: list[Block] = []
    section, pending_tags = "", {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if (heading := HEADING.match(line)) is not None:
            section = heading.group(1)
        elif (tag := TAG.fullmatch(line.strip())) is not None:
            pending_tags = _tags(tag.group(1))
        elif (fence := FENCE.match(line)) is not None:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            if fence.group(1) == "sh":
                found.append(Block(section, i + 1, "\n".join(lines[i + 1:end]), pending_tags))
            elif pending_tags:
                raise ValueError(f"docs/deploy.md:{i + 1}: a deploy-test tag before a "
                                 f"{fence.group(1) or 'plain'} block")
            pending_tags = {}
            i = end
        elif line.strip() and pending_tags:
            raise ValueError(f"docs/deploy.md:{i + 1}: a deploy-test tag must come right "
                             "before its block")
        i += 1
    return found


@dataclass(frozen=True)
class Site:
    """Where the test puts what the guide puts on a real machine."""

    root: Path  # the temporary prefix
    user: str  # the throwaway system user standing in for `rung`
    database: str  # the PostgreSQL role and database standing in for `rung`
    password: str  # the database role's password (any: the server trusts 127.0.0.1)
    http_port: int = 8460
    https_port: int = 8461
    app_port: int = 8160

    PATHS = ("/opt/rung", "/etc/rung", "/var/lib/rung", "/var/backups/rung", "/var/www",
             "/etc/nginx", "/etc/systemd/system")

    def database_name(self, name: str) -> str:
        """`rung` → the test database, `rung_drill` → the test database + `_drill`."""
        return self.database + name.removeprefix("rung")

    def relocate(self, text: str) -> str:
        text = re.sub(r"postgresql://rung:PASSWORD@db\.internal:5432/(rung\w*)",
                      lambda m: f"postgresql://{self.database}:{self.password}@127.0.0.1:5432/"
                      f"{self.database_name(m.group(1))}", text)
        text = re.sub(r"--role=rung\b", f"--role={self.database}", text)
        text = "\n".join(self._postgres_names(line) for line in text.split("\n"))
        for path in self.PATHS:
            text = re.sub(re.escape(path) + r"(?=[/\s\"';:]|$)", f"{self.root}{path}", text,
                          flags=re.MULTILINE)
        text = self._user(text)
        return self._ports(text)

    def _postgres_names(self, line: str) -> str:
        if "runuser -u postgres --" not in line:
            return line
        return re.sub(r"(?<![\w/.-])(rung\w*)(?![\w/.-])",
                      lambda m: self.database_name(m.group(1)), line)

    def _user(self, text: str) -> str:
        u = self.user
        text = re.sub(r"(?m)^(useradd .*) rung$", rf"\1 {u}", text)
        text = re.sub(r"(\s-[og]) rung\b", rf"\1 {u}", text)
        text = re.sub(r"(?m)^(User|Group)=rung$", rf"\1={u}", text)
        text = re.sub(r"\b(root|rung):rung\b",
                      lambda m: f"{u if m.group(1) == 'rung' else 'root'}:{u}", text)
        return text.replace("${RUNG_USER:-rung}", "${RUNG_USER:-" + u + "}")

    def _ports(self, text: str) -> str:
        text = re.sub(r"(listen (?:\[::\]:)?)80\b", rf"\g<1>{self.http_port}", text)
        text = re.sub(r"(listen (?:\[::\]:)?)443\b", rf"\g<1>{self.https_port}", text)
        text = text.replace("rung.example.com:443:", f"rung.example.com:{self.https_port}:")
        text = text.replace("rung.example.com:80:", f"rung.example.com:{self.http_port}:")
        text = text.replace("https://rung.example.com/",
                            f"https://rung.example.com:{self.https_port}/")
        text = text.replace("http://rung.example.com/",
                            f"http://rung.example.com:{self.http_port}/")
        return text.replace("127.0.0.1:8000", f"127.0.0.1:{self.app_port}")
