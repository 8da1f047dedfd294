"""The structure of a Markdown document, from markdown-it-py's block tokens.

`parse_outline(text)` gives the headings (with the line range of their section), the text
entries (paragraphs and list items, with their nesting) and the tables, every one with the
0-based line it starts on. It knows nothing about plans: `rung.io.plan_markdown` reads a
plan out of an outline, and `rung.io.plan_csv` builds an outline from a spreadsheet.

Inline parsing is switched off: the plan reader works on the inline source (`**Label**: x`)
and block parsing alone keeps a three-page plan well under two milliseconds.
Front matter, fenced and indented code, and raw HTML blocks are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Indented code, raw HTML blocks and link references are not plan structure: people indent
# text and paste HTML in plans without meaning either, and skipping the rules saves time.
_MARKDOWN = (
    MarkdownIt("commonmark")
    .enable("table")
    .disable(["inline", "code", "html_block", "reference"])
)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int
    end: int  # the first line after the section, subsections included

    @property
    def where(self) -> str:
        return f"line {self.line + 1}"

    def contains(self, line: int) -> bool:
        return self.line < line < self.end


@dataclass(frozen=True)
class Entry:
    """A paragraph or a list item: its source lines, and where it sits in the lists."""

    lines: tuple[tuple[int, str], ...]  # (line, text) for each source line
    item: bool  # a bullet or numbered list item (else a paragraph)
    depth: int  # 0 outside lists and for top-level items; nested items and paragraphs deeper
    parent: int | None = None  # index (in Outline.entries) of the enclosing list item

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return " ".join(" ".join(text.split()) for _, text in self.lines).strip()


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, cells)
    line: int
    end: int

    def column(self, pattern: str) -> int | None:
        """The first column whose header matches `pattern` (case-insensitive)."""
        compiled = _pattern(pattern)
        for i, name in enumerate(self.header):
            if compiled.search(name):
                return i
        return None


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    line_count: int = 0

    def entries_between(self, start: int, end: int) -> Iterator[tuple[int, Entry]]:
        """(index, entry) for the entries starting on lines start..end-1, in order."""
        for i, entry in enumerate(self.entries):
            if start <= entry.line < end:
                yield i, entry

    def section_of(self, line: int) -> Heading | None:
        """The innermost heading whose section holds `line`."""
        owners = [h for h in self.headings if h.contains(line)]
        return max(owners, key=lambda h: h.line) if owners else None

    def in_table(self, line: int) -> bool:
        return any(t.line <= line < t.end for t in self.tables)


def _without_front_matter(text: str) -> str:
    """YAML front matter blanked out, so line numbers still match the file."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 60)):
            if lines[j].strip() in ("---", "..."):
                return "\n" * (j + 1) + "\n".join(lines[j + 1 :])
    return text


def parse_outline(text: str) -> Outline:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _MARKDOWN.parse(_without_front_matter(text))
    outline = Outline(line_count=text.count("\n") + 1)
    found: list[tuple[int, str, int]] = []  # (level, title, line)
    items: list[int | None] = []  # open list items: their entry index, once it exists
    first_paragraph: list[bool] = []  # whether each open item still waits for its first one
    pending_row: list[str] = []
    header: tuple[str, ...] = ()
    rows: list[tuple[int, tuple[str, ...]]] = []
    row_line = table_line = 0
    for n, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            found.append((int(token.tag[1:]), tokens[n + 1].content.strip(), _line(token)))
        elif kind == "list_item_open":
            items.append(None)
            first_paragraph.append(True)
        elif kind == "list_item_close":
            items.pop()
            first_paragraph.pop()
        elif kind == "paragraph_open":
            inline = tokens[n + 1]
            lines = _source_lines(inline)
            if not lines:
                continue
            in_item = bool(items)
            opens_item = in_item and first_paragraph[-1]
            parent = _enclosing(items, skip_last=opens_item)
            depth = max(0, len(items) - 1) if opens_item else len(items)
            outline.entries.append(Entry(lines, opens_item, depth, parent))
            if opens_item:
                items[-1] = len(outline.entries) - 1
                first_paragraph[-1] = False
        elif kind == "table_open":
            header, rows, table_line = (), [], _line(token)
        elif kind == "tr_open":
            pending_row, row_line = [], _line(token)
        elif kind == "inline" and tokens[n - 1].type in ("th_open", "td_open"):
            pending_row.append(token.content.strip())
        elif kind == "tr_close":
            if not header:
                header = tuple(pending_row)
            else:
                rows.append((row_line, tuple(pending_row)))
        elif kind == "table_close":
            end = rows[-1][0] + 1 if rows else table_line + 2
            outline.tables.append(Table(header, tuple(rows), table_line, end))
            header = ()
    for k, (level, title, line) in enumerate(found):
        end = next((ln for lv, _, ln in found[k + 1 :] if lv <= level), outline.line_count)
        outline.headings.append(Heading(level, title, line, end))
    return outline


def _line(token: Token) -> int:
    return token.map[0] if token.map else 0


def _enclosing(items: list[int | None], *, skip_last: bool) -> int | None:
    open_items = items[:-1] if skip_last else items
    return next((i for i in reversed(open_items) if i is not None), None)


def _source_lines(inline: Token) -> tuple[tuple[int, str], ...]:
    start = _line(inline)
    return tuple(
        (start + k, line.strip())
        for k, line in enumerate(inline.content.split("\n"))
        if line.strip()
    )
