"""Email delivery: the briefing goes to a local SMTP server (aiosmtpd on 127.0.0.1) as one
multipart/alternative message with a text and an HTML part; credentials only from the environment."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import ROOT, run_cli


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _project(root: Path, port: int, extra: str = "") -> Path:
    shutil.copytree(ROOT / "samples", root / "samples")
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    config += (f"email:\n  host: 127.0.0.1\n  port: {port}\n  security: none\n  from: briefer@example.org\n"
               f"  to: [reader@example.org, second@example.org]\n  subject: 'Briefing for {{{{ date }}}}'\n{extra}")
    (root / "config.yaml").write_text(config, encoding="utf-8")
    return root


def test_run_email_sends_the_briefing_as_text_and_html(tmp_path, smtp):
    inbox, port = smtp
    project = _project(tmp_path, port)
    result = run_cli("run", "--date", "2023-02-25", "--email", cwd=project)
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    sender, recipients, raw = inbox.messages[0]
    assert sender == "briefer@example.org" and recipients == ["reader@example.org", "second@example.org"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Briefing for 2023-02-25"
    assert message.get_content_type() == "multipart/alternative"
    # SMTP carries CRLF line ends; the parts are the written files otherwise.
    parts = {part.get_content_type(): part.get_content().replace("\r\n", "\n") for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    written = tmp_path / "briefings"
    assert parts["text/plain"] == (written / "2023-02-25.txt").read_text(encoding="utf-8")
    assert parts["text/html"] == (written / "2023-02-25.html").read_text(encoding="utf-8")
    assert "China–Belarus ties" in parts["text/plain"] and "<h2>China–Belarus ties</h2>" in parts["text/html"]
    # The story-first shape: At a glance, then story blocks with why each is under its theme.
    for part in parts.values():
        assert "At a glance" in part and "Why here: " in part


def test_no_email_unless_asked(tmp_path, smtp):
    inbox, port = smtp
    assert run_cli("run", "--date", "2023-02-25", cwd=_project(tmp_path, port)).returncode == 0
    assert inbox.messages == []


def test_send_in_config_mails_every_run_and_no_email_skips(tmp_path, smtp):
    inbox, port = smtp
    project = _project(tmp_path, port, extra="  send: true\n")
    assert run_cli("run", "--date", "2023-02-25", cwd=project).returncode == 0
    assert run_cli("run", "--date", "2023-02-25", "--no-email", cwd=project).returncode == 0
    assert len(inbox.messages) == 1


def test_missing_credentials_variable_fails_before_writing(tmp_path, smtp):
    inbox, port = smtp
    project = _project(tmp_path, port, extra="  username_env: BRIEFER_TEST_SMTP_USER\n"
                                                "  password_env: BRIEFER_TEST_SMTP_PASSWORD\n")
    result = run_cli("run", "--date", "2023-02-25", "--email", cwd=project,
                     env={"BRIEFER_TEST_SMTP_USER": "reader", "BRIEFER_TEST_SMTP_PASSWORD": ""})
    assert result.returncode == 2
    assert "email.password_env" in result.stderr and "BRIEFER_TEST_SMTP_PASSWORD" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "briefings").exists() and inbox.messages == []


def test_a_password_in_the_config_file_is_refused(tmp_path, smtp):
    _, port = smtp
    project = _project(tmp_path, port, extra="  password: hunter2\n")
    result = run_cli("run", "--date", "2023-02-25", "--email", cwd=project)
    assert result.returncode == 2 and "email.password" in result.stderr and "unknown key" in result.stderr


def test_an_unreachable_server_is_one_clear_error_after_the_files_are_written(tmp_path):
    port = _free_port()  # a local port nobody listens on
    project = _project(tmp_path, port)
    result = run_cli("run", "--date", "2023-02-25", "--email", cwd=project)
    assert result.returncode == 1
    assert f"127.0.0.1:{port}" in result.stderr and "not sent" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "briefings" / "2023-02-25.html").is_file()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1, made with openssl."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed: cannot make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class Logins:
    """An aiosmtpd authenticator that accepts one user and remembers every attempt."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        pair = (auth_data.login.decode(), auth_data.password.decode())
        self.attempts.append(pair)
        return AuthResult(success=pair == ("reader", "s3cret-from-env"))


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # ssl: the socket is TLS from the start
@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login_with_credentials_from_the_environment(tmp_path, certificate, security):
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox, logins, port = Inbox(), Logins(), _free_port()
    options = ({"tls_context": server_tls, "require_starttls": True} if security == "starttls"
               else {"ssl_context": server_tls, "auth_require_tls": False})
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=logins, auth_required=True,
                            **options)
    controller.start()
    try:
        project = _project(tmp_path, port, extra=f"  security: {security}\n  ca_file: {cert}\n"
                                                   "  username_env: BRIEFER_TEST_SMTP_USER\n"
                                                   "  password_env: BRIEFER_TEST_SMTP_PASSWORD\n")
        config = (project / "config.yaml").read_text(encoding="utf-8")
        (project / "config.yaml").write_text(config.replace("  security: none\n", ""), encoding="utf-8")
        result = run_cli("run", "--date", "2023-02-25", "--email", cwd=project,
                         env={"BRIEFER_TEST_SMTP_USER": "reader", "BRIEFER_TEST_SMTP_PASSWORD": "s3cret-from-env"})
    finally:
        controller.stop()
    assert result.returncode == 0, result.stderr
    assert logins.attempts == [("reader", "s3cret-from-env")]
    assert "s3cret" not in (project / "config.yaml").read_text(encoding="utf-8")
    message = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    assert {part.get_content_type() for part in message.iter_parts()} == {"text/plain", "text/html"}


def test_an_untrusted_certificate_is_refused(tmp_path, certificate):
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True)
    controller.start()
    try:
        project = _project(tmp_path, port)
        config = (project / "config.yaml").read_text(encoding="utf-8")
        (project / "config.yaml").write_text(config.replace("security: none", "security: starttls"), encoding="utf-8")
        result = run_cli("run", "--date", "2023-02-25", "--email", cwd=project)
    finally:
        controller.stop()
    assert result.returncode == 1 and "CERTIFICATE_VERIFY_FAILED" in result.stderr and "not sent" in result.stderr
    assert inbox.messages == []
