"""Sending the briefing by email: one multipart/alternative message (plain text + HTML) over SMTP.

The connection is STARTTLS, SSL or (for a local relay) plain, as config.email says; the user name
and password come from environment variables whose *names* are in the config, never the secrets.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import jinja2

from .config import Config, EmailConfig
from .errors import ConfigError, DeliveryError
from .render import make_environment, plain_text, render_template

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def build_message(data: dict[str, Any], config: Config, env: jinja2.Environment | None = None,
                  environ: Mapping[str, str] | None = None) -> EmailMessage:
    """The briefing `data` (schema 1) as an email, rendered with the same templates as the files.

    Checks the email settings and credentials first, so a run fails before writing anything."""
    email = config.email
    credentials(email, os.environ if environ is None else environ)
    if not email.from_:
        raise ConfigError("email.from: a sender address is required to send the briefing")
    if not email.to:
        raise ConfigError("email.to: at least one recipient is required to send the briefing")
    if email.security != "none":
        tls_context(config)  # a bad ca_file is a config error, found before anything is written
    env = env or make_environment(config.resolve(config.templates_dir))
    try:
        subject = env.from_string(email.subject).render(**data)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"email.subject: not a valid template: {exc}") from None
    message = EmailMessage()
    message["Subject"] = plain_text(subject)  # one line: a newline would start a new header
    message["From"] = email.from_
    message["To"] = ", ".join(email.to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=email.from_.rpartition("@")[2] or None)
    message.set_content(render_template(env, "briefing.txt.j2", data))
    message.add_alternative(render_template(env, "briefing.html.j2", data), subtype="html")
    return message


def credentials(email: EmailConfig, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(user, password) read from the environment variables named in config, or None without login."""
    if not email.username_env and not email.password_env:
        return None
    values = []
    for key in ("username_env", "password_env"):
        name = getattr(email, key)
        if not name:
            raise ConfigError(f"email.{key}: set both username_env and password_env, or neither")
        if not environ.get(name):
            raise ConfigError(f"email.{key}: the environment variable {name} is not set")
        values.append(environ[name])
    return values[0], values[1]


def send_message(message: EmailMessage, config: Config, environ: Mapping[str, str] | None = None) -> None:
    """Deliver `message` to the configured server; any failure is one DeliveryError naming the server."""
    email = config.email
    login = credentials(email, os.environ if environ is None else environ)
    port = email.port or DEFAULT_PORTS[email.security]
    where = f"{email.host}:{port}"
    try:
        context = tls_context(config)
        if email.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(email.host, port, timeout=email.timeout, context=context)
        else:
            smtp = smtplib.SMTP(email.host, port, timeout=email.timeout)
        with smtp:
            if email.security == "starttls":
                smtp.starttls(context=context)
            if login:
                smtp.login(*login)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"email to {where} not sent (the briefing files were written): "
                            f"{type(exc).__name__}: {exc}") from None


def tls_context(config: Config) -> ssl.SSLContext:
    """Certificates checked against the system's CAs, plus email.ca_file when set."""
    ca_file = config.email.ca_file
    if ca_file is None:
        return ssl.create_default_context()
    path = config.resolve(ca_file)
    try:
        return ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"email.ca_file: {path}: not a readable PEM certificate file ({exc})") from None
