"""A minimal headless Chromium driver for tests: the DevTools protocol over --remote-debugging-pipe.

No network, no extra packages: Chromium reads JSON commands on fd 3 and answers on fd 4, each
message ending in a NUL byte. Enough to open a file, set the viewport, evaluate a trusted checker
(DevTools evaluation is not subject to the page's Content-Security-Policy), notice any JavaScript
dialog (alert/confirm/prompt) a page opens, and take a screenshot.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--mute-audio", "--remote-debugging-pipe"]


def chromium_path() -> str:
    """Debian's chromium, or skip (fail where BRIEFER_REQUIRE_BROWSER is set, as in CI)."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        message = "chromium is not installed (apt-get install -y chromium); the browser tests need it"
        if os.environ.get("BRIEFER_REQUIRE_BROWSER"):
            pytest.fail(message + " (BRIEFER_REQUIRE_BROWSER is set, as in CI)")
        pytest.skip(message)
    return path


class Browser:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="briefer-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_pipes() -> None:  # in the child: fd 3 = commands in, fd 4 = answers out
            commands = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)  # above 4, so that neither is clobbered
            answers = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire_pipes,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._answers: dict[int, dict[str, Any]] = {}

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:  # already gone: nothing to close
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- the protocol ---------------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while ident not in self._answers:
            self._dispatch(self._receive())
        answer = self._answers.pop(ident)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def wait_for(self, method: str, session: str, timeout: float | None = None) -> dict[str, Any]:
        """The next event `method` of the session (events seen earlier are kept in self.events)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session and not event.get("_seen"):
                    event["_seen"] = True
                    return event
            self._dispatch(self._receive(deadline))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:  # an answer, perhaps to an outer send() waiting while a dialog was handled
            self._answers[message["id"]] = message
            return
        self.events.append(message)
        if message["method"] == "Page.javascriptDialogOpening":  # close it, or the page would hang
            self.send("Page.handleJavaScriptDialog", {"accept": False}, message.get("sessionId"))

    def _receive(self, deadline: float | None = None) -> dict[str, Any]:
        deadline = deadline or time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium exited")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    # -- pages ----------------------------------------------------------------------------------

    def open(self, path: Path, width: int, height: int = 900, *, mobile: bool = False, dark: bool = False,
             settle: float = 0.5) -> str:
        """Load a local file in a new tab at the given viewport; returns the tab's session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", {}, session)
        self.send("Runtime.enable", {}, session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session)
        self.send("Emulation.setEmulatedMedia",
                  {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]}, session)
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        time.sleep(settle)  # let timers, focus and error handlers of a hostile page have their chance
        self.evaluate(session, "new Promise(done => setTimeout(done, 50))")
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluation failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def dialogs(self, session: str) -> list[str]:
        """The messages of every alert/confirm/prompt the page opened."""
        return [e["params"].get("message", "") for e in self.events
                if e.get("method") == "Page.javascriptDialogOpening" and e.get("sessionId") == session]

    def screenshot(self, session: str, path: Path) -> None:
        """The whole page, not only the viewport, as a PNG."""
        size = self.send("Page.getLayoutMetrics", {}, session)["cssContentSize"]
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}}, session)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
