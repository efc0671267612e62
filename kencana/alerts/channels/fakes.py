"""Local stand-ins for Telegram, the WhatsApp Cloud API and an SMS gateway.

Each is a small HTTP server on 127.0.0.1 that answers in its provider's format, records
every request it receives, and follows a script of statuses (e.g. ``[429, 500]``: too many
requests, then a server error, then success). Tests and demos point a district's channel at
one; nothing here talks to the internet. Run all three by hand with
``python -m kencana.alerts.channels.fakes``.
"""

import itertools
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    server: "FakeProvider"

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        fake = self.server
        with fake.lock:
            status = fake.script.pop(0) if fake.script else 200
            number = next(fake.counter)
            fake.received.append(
                {
                    "method": self.command,
                    "path": urllib.parse.urlsplit(self.path).path,
                    "query": dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)),
                    "headers": dict(self.headers),
                    "body": body,
                    "status": status,
                }
            )
        answer, headers = fake.answer(status, number)
        data = json.dumps(answer).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _handle

    def log_message(self, *args):
        pass


class FakeProvider(ThreadingHTTPServer):
    """A provider on a free loopback port; ``url`` is its base address."""

    kind = "sms"
    retry_after = 1

    def __init__(self, script: list[int] | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script, self.received = list(script or []), []
        self.lock, self.counter = threading.Lock(), itertools.count(1)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def delivered(self) -> list[dict]:
        """The requests it accepted (answered 2xx)."""
        return [r for r in self.received if 200 <= r["status"] < 300]

    def answer(self, status: int, number: int) -> tuple[dict, dict]:
        headers = {"Retry-After": str(self.retry_after)} if status == 429 else {}
        if status < 300:
            return {"status": "ok", "id": f"sms-{number}"}, headers
        return {"status": "error", "code": status}, headers

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class FakeTelegram(FakeProvider):
    kind = "telegram"

    def answer(self, status: int, number: int) -> tuple[dict, dict]:
        if status < 300:
            return {"ok": True, "result": {"message_id": number, "date": 0, "chat": {}}}, {}
        if status == 429:
            return {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {self.retry_after}",
                "parameters": {"retry_after": self.retry_after},
            }, {"Retry-After": str(self.retry_after)}
        return {"ok": False, "error_code": status, "description": "Internal Server Error"}, {}


class FakeWhatsApp(FakeProvider):
    kind = "whatsapp"

    def answer(self, status: int, number: int) -> tuple[dict, dict]:
        if status < 300:
            return {
                "messaging_product": "whatsapp",
                "contacts": [{"input": "", "wa_id": ""}],
                "messages": [{"id": f"wamid.FAKE{number}"}],
            }, {}
        code = 130429 if status == 429 else 131000
        headers = {"Retry-After": str(self.retry_after)} if status == 429 else {}
        return {"error": {"message": "fake failure", "type": "OAuthException", "code": code}}, headers


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    import time

    fakes = [FakeTelegram().__enter__(), FakeWhatsApp().__enter__(), FakeProvider().__enter__()]
    for fake in fakes:
        print(f"{fake.kind:9} {fake.url}")
    try:
        while True:
            time.sleep(5)
            for fake in fakes:
                for request in fake.received[-5:]:
                    print(fake.kind, request["path"], request["body"])
                fake.received.clear()
    except KeyboardInterrupt:
        for fake in fakes:
            fake.__exit__()
