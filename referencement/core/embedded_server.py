"""The embedded web server of `referencement serve`: waitress, which receives a request's
whole body (on disk past 512 KB) before it calls the application. Issue 16 item 2: as soon
as the headers have arrived, each request gets the body limit of its URL (small everywhere
but on upload URLs), and a body bound for an upload URL is first submitted to the
application without its body (the "preflight" of evidence/middleware.py): an unknown sender,
a foreign candidature or an exhausted quota is answered before a single byte is received."""

from __future__ import annotations

import copy
import io
import logging

from django.conf import settings
from django.db import close_old_connections
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import create_server
from waitress.task import WSGITask
from waitress.utilities import Error

from referencement.evidence.middleware import PREFLIGHT_KEY, RESERVATION_KEY, RESERVED_KEY
from referencement.evidence.quota import release
from referencement.evidence.upload_gate import body_limit, oversized_message

HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}


class Refusal(Error):
    """A response decided from the headers, sent instead of receiving the body."""

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        super().__init__(body)
        self.status = status
        self.headers = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
        self.code = int(status.split()[0])

    def to_response(self, ident=None):
        return self.status, self.headers, self.body


def preflight(channel: HTTPChannel, request: GatedRequestParser) -> Refusal | None:
    """Run the request through the application with an empty body and the preflight mark;
    None when the application accepts the body (204), whose bytes it has then reserved
    until the request is over (`request.reservation`)."""
    environ = dict(WSGITask(channel, request).get_environment())
    environ.update({"CONTENT_LENGTH": str(request.content_length), PREFLIGHT_KEY: True})
    environ["wsgi.input"] = io.BytesIO()
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    result = channel.server.application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    if answer["status"].startswith("204"):
        request.reservation = environ.get(RESERVATION_KEY)
        return None
    return Refusal(answer["status"], answer["headers"], body)


class GatedRequestParser(HTTPRequestParser):
    reservation: int | None = None

    def __init__(self, adj, channel: HTTPChannel) -> None:
        super().__init__(adj)
        self.channel = channel

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if self.body_rcv is None:
            return
        limit = body_limit(self.path)
        # waitress refuses a body of max_request_body_size bytes or more (chunked included).
        self.adj = copy.copy(self.adj)
        self.adj.max_request_body_size = limit + 1
        if self.content_length > limit:
            message = oversized_message(limit).encode()
            self._refuse(Refusal("413 Payload Too Large", [_TEXT], message))
        elif limit > settings.REQUEST_BODY_MAX_BYTES:
            refusal = preflight(self.channel, self)
            if refusal is not None:
                self._refuse(refusal)

    def _refuse(self, refusal: Refusal) -> None:
        logging.getLogger("referencement.server").info(
            "Corps refusé avant réception (%s) : %s %s", refusal.code, self.command, self.path
        )
        self.error = refusal
        self.completed = True
        self.expect_continue = False
        # No body will be received: nothing is buffered, and waitress's own size check
        # (which would replace this answer) has nothing to measure.
        self.body_rcv = None
        self.content_length = 0

    def close(self) -> None:
        """The request is over (answered, or its connection lost): its bytes are released."""
        if self.reservation is not None:
            release(self.reservation)
            self.reservation = None
            # Outside a request (a connection lost, in the server's loop thread): the
            # database connection is kept or closed by CONN_MAX_AGE, as after a request.
            close_old_connections()
        super().close()


_TEXT = ("Content-Type", "text/plain; charset=utf-8")


class GatedTask(WSGITask):
    def get_environment(self) -> dict:
        environ = super().get_environment()
        if self.request.reservation is not None:
            environ[RESERVED_KEY] = True  # reserved since the headers: not twice
        return environ


class GatedChannel(HTTPChannel):
    task_class = GatedTask

    def parser_class(self, adj) -> GatedRequestParser:
        return GatedRequestParser(adj, self)

    def handle_close(self) -> None:
        # A client gone in the middle of a body: that request will never be served.
        if self.request is not None:
            self.request.close()
        super().handle_close()


def create_embedded_server(application, **options):
    """A waitress server (same options) whose connections gate bodies as above."""
    server = create_server(application, **options)
    server.channel_class = GatedChannel
    return server


def serve(application, **options) -> None:
    server = create_embedded_server(application, **options)
    server.print_listen("Serveur à l'écoute sur http://{}:{}")
    server.run()
