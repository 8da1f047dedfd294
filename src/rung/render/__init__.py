"""Renderers: the same Plan as Markdown, JSON (and later HTML, PDF, ICS)."""
