"""A real SMTP server on loopback for the tests (aiosmtpd): it can answer slowly or refuse."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Sink:
    delay: float = 0.0  # seconds before answering a message's DATA
    refuse: bool = False  # answer 451 (try again later) instead of accepting
    messages: list[Message] = field(default_factory=list)
    port: int = 0
    in_data: bool = False  # a message is being received now

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.in_data = True
        await asyncio.sleep(self.delay)
        self.in_data = False
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_sink(settings: Any, **kw: Any) -> Iterator[Sink]:
    """Serve `Sink(**kw)` and point Django's SMTP backend at it for the block."""
    sink = Sink(**kw, port=_free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()
