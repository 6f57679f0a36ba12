"""gunicorn's access log never holds a personal sign-in link's token, and every command line
that starts gunicorn (the Makefile's ``make run``, docker-compose.yml's web service, the image's
default command) uses the logger that removes it."""

from __future__ import annotations

import io
import logging
import re
import shlex
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from classroom.accesslog import REDACTED, RedactingLogger, SigninTokenFilter
from tests.support import BASE_DIR
from tests.test_deploy_files import SERVICES, command_tokens, dockerfile_cmd

TOKEN = "Zq3-x_9LmN0pQr5StUvWxYz1AbCdEfGh"
# Values for the Makefile's variables on the gunicorn line.
MAKE_VARIABLES = {"BIN": ".venv/bin", "PORT": "8000", "WEB_WORKERS": "3"}
EVERY_URL_ATOM = '"%(r)s" %(U)s %(f)s %({referer}i)s %({raw_uri}e)s'


def access_line(logger_class: type[Logger], path: Path, *, uri: str, referer: str) -> str:
    """Log one request through ``logger_class`` into ``path`` and return the line written."""
    config = Config()
    config.set("accesslog", str(path))
    config.set("access_log_format", EVERY_URL_ATOM)
    logger = logger_class(config)
    request_path, _, query = uri.partition("?")
    headers = [("HOST", "class.example.org"), ("REFERER", referer)]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": request_path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": referer,
        "REMOTE_ADDR": "192.0.2.1",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", "/me/")])
    logger.access(response, SimpleNamespace(headers=headers), environ, timedelta(seconds=0))
    for handler in logger.access_log.handlers:
        handler.close()
    return path.read_text()


def test_the_access_log_hides_a_signin_token_in_every_url_it_shows(tmp_path):
    line = access_line(
        RedactingLogger,
        tmp_path / "access.log",
        uri=f"/s/{TOKEN}/?from=card",
        referer=f"https://class.example.org/s/{TOKEN}/",
    )

    assert TOKEN not in line
    assert line.count(f"/s/{REDACTED}/") == 5


def test_the_access_log_keeps_other_addresses_whole(tmp_path):
    line = access_line(
        RedactingLogger,
        tmp_path / "access.log",
        uri="/live/ACDEFG/poll/?v=3",
        referer="https://class.example.org/live/ACDEFG/",
    )

    assert line.count("/live/ACDEFG/") == 5
    assert "v=3" in line
    assert REDACTED not in line


def test_gunicorns_own_logger_writes_the_token(tmp_path):
    line = access_line(
        Logger,
        tmp_path / "access.log",
        uri=f"/s/{TOKEN}/",
        referer=f"https://class.example.org/s/{TOKEN}/",
    )

    assert TOKEN in line


def makefile_gunicorn_command() -> tuple[list[str], list[str]]:
    """The environment assignments and the command line ``make run`` starts gunicorn with,
    make's variables replaced by stand-in values."""
    text = (BASE_DIR / "Makefile").read_text().replace("\\\n", " ")
    recipe = next(line for line in text.splitlines() if "/gunicorn " in line)
    command = next(part for part in recipe.split(";") if "/gunicorn " in part)
    command = re.sub(r"\$\((\w+)\)", lambda m: MAKE_VARIABLES[m[1]], command).replace("$$", "$")
    tokens = shlex.split(command)
    split = next(i for i, token in enumerate(tokens) if not re.match(r"^\w+=", token))
    return tokens[:split], tokens[split:]


def gunicorn_logger_class(tokens: list[str]) -> type:
    assert Path(tokens[0]).name == "gunicorn", f"not a gunicorn command: {tokens}"
    arguments = Config().parser().parse_args(tokens[1:])
    config = Config()
    if arguments.logger_class is not None:
        config.set("logger_class", arguments.logger_class)
    return config.logger_class


@pytest.mark.parametrize(
    "tokens",
    [
        pytest.param(makefile_gunicorn_command()[1], id="make run"),
        pytest.param(command_tokens(SERVICES["web"]["command"]), id="compose web"),
        pytest.param(dockerfile_cmd(), id="image"),
    ],
)
def test_gunicorn_is_started_with_the_redacting_logger(tokens):
    assert gunicorn_logger_class(tokens) is RedactingLogger


def test_a_command_without_the_option_gets_gunicorns_own_logger():
    assert gunicorn_logger_class(["gunicorn", "classroom.wsgi"]) is Logger


def test_make_run_prints_email_to_the_console_unless_told_otherwise():
    assignments, _command = makefile_gunicorn_command()

    assert "EMAIL_BACKEND=${EMAIL_BACKEND:-console}" in assignments


@pytest.fixture
def django_log() -> Iterator[io.StringIO]:
    """What the site's log handler (settings' LOGGING, on stderr) writes, while the test runs."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(f, SigninTokenFilter) for f in h.filters)
    )
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_djangos_log_lines_hide_a_signin_token(client, db, django_log):
    client.get(f"/s/{TOKEN}/")

    assert f"Not Found: /s/{REDACTED}/" in django_log.getvalue()
    assert TOKEN not in django_log.getvalue()


def test_djangos_log_lines_keep_other_paths_whole(client, db, django_log):
    client.get("/no-such-page/")

    assert "Not Found: /no-such-page/" in django_log.getvalue()
