"""docker-compose.yml and the Dockerfile agree with the code they run.

No Docker engine runs here, so the files are read, not run: each service's command is parsed and
checked against what the project really has (the WSGI application in settings, the Celery app,
the environment variables settings read, the management commands).
"""

import ast
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery.app.utils import find_app
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve
from gunicorn.config import Config as GunicornConfig

import classroom.celery
from tests.support import BASE_DIR

COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
COMPOSE_TEXT = (BASE_DIR / "docker-compose.yml").read_text()
DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat", "migrate")
ENVIRONMENT_NEEDED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "PUBLIC_URL",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def environment_names_read(source: str) -> set[str]:
    """The environment variables a settings module reads: literal names given to
    ``os.environ.get``, ``os.getenv``, ``os.environ[...]``, or to a module function that passes
    its first parameter to one of those (such as ``env_bool``).
    """
    tree = ast.parse(source)
    direct = {"os.environ.get", "os.getenv"}

    def reads_parameter(function: ast.FunctionDef) -> bool:
        if not function.args.args:
            return False
        parameter = function.args.args[0].arg
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and _dotted(node.func) in direct
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == parameter
            ):
                return True
        return False

    readers = direct | {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and reads_parameter(node)
    }
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _dotted(node.func) in readers and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and _dotted(node.value) == "os.environ":
            key = node.slice
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


SETTINGS_ENVIRONMENT = environment_names_read((BASE_DIR / "classroom" / "settings.py").read_text())


def environment_unknown_to_settings(
    services: dict, *, names_read: set[str]
) -> dict[str, list[str]]:
    """For each app service, the variables compose sets that settings never read."""
    unknown = {}
    for name in APP_SERVICES:
        environment = services[name].get("environment", {})
        extra = sorted(set(environment) - names_read)
        if extra:
            unknown[name] = extra
    return unknown


def command_tokens(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def gunicorn_application(tokens: list[str]) -> str:
    """The WSGI application a gunicorn command line serves, as a dotted path."""
    assert Path(tokens[0]).name == "gunicorn", f"not a gunicorn command: {tokens}"
    arguments = GunicornConfig().parser().parse_args(tokens[1:])
    assert len(arguments.args) == 1, f"gunicorn needs one application, got {arguments.args}"
    module, _, attribute = arguments.args[0].partition(":")
    return f"{module}.{attribute or 'application'}"


def celery_app_and_command(tokens: list[str]) -> tuple[str, str]:
    """The ``-A`` value and the subcommand of a ``celery`` command line."""
    assert Path(tokens[0]).name == "celery", f"not a celery command: {tokens}"
    app, rest = "", tokens[1:]
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option in {"-A", "--app"}:
            app = rest.pop(0)
        elif option.startswith("--app="):
            app = option.removeprefix("--app=")
    assert app, f"celery is started without -A: {tokens}"
    return app, rest[0]


def dockerfile_cmd() -> list[str]:
    line = next(line for line in DOCKERFILE.splitlines() if line.startswith("CMD "))
    return yaml.safe_load(line.removeprefix("CMD "))


def test_compose_has_the_five_services_and_a_migrate_step():
    assert {"web", "worker", "beat", "redis", "postgres"} <= set(SERVICES)
    assert command_tokens(SERVICES["migrate"]["command"])[1:3] == ["manage.py", "migrate"]


def test_web_serves_the_wsgi_application_of_settings():
    served = gunicorn_application(command_tokens(SERVICES["web"]["command"]))

    assert served == settings.WSGI_APPLICATION


def test_image_default_command_serves_the_wsgi_application_of_settings():
    assert gunicorn_application(dockerfile_cmd()) == settings.WSGI_APPLICATION


def test_gunicorn_application_is_read_from_the_command_line():
    tokens = ["gunicorn", "--workers", "3", "other.wsgi:app", "--bind", "0.0.0.0:8000"]

    assert gunicorn_application(tokens) == "other.wsgi.app"


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_start_the_projects_celery_app(service, subcommand):
    app_name, command = celery_app_and_command(command_tokens(SERVICES[service]["command"]))

    assert command == subcommand
    assert find_app(app_name) is classroom.celery.app
    assert find_app(app_name).main == classroom.celery.app.main


def test_a_celery_app_that_does_not_exist_is_not_found():
    app_name, _ = celery_app_and_command(["celery", "-A", "clasroom", "worker"])

    with pytest.raises(ModuleNotFoundError):
        find_app(app_name)


def test_worker_health_check_pings_the_projects_celery_app():
    tokens = command_tokens(SERVICES["worker"]["healthcheck"]["test"][1])

    assert celery_app_and_command(tokens) == ("classroom", "inspect")


def test_every_variable_compose_sets_is_one_settings_reads():
    assert environment_unknown_to_settings(SERVICES, names_read=SETTINGS_ENVIRONMENT) == {}
    for name in APP_SERVICES:
        missing = ENVIRONMENT_NEEDED - set(SERVICES[name]["environment"])
        assert not missing, f"{name} does not set {sorted(missing)}"


def test_a_misspelled_variable_in_compose_is_reported():
    services = yaml.safe_load(COMPOSE_TEXT.replace("REDIS_URL:", "REDIS_ULR:"))["services"]

    unknown = environment_unknown_to_settings(services, names_read=SETTINGS_ENVIRONMENT)

    assert unknown == {name: ["REDIS_ULR"] for name in APP_SERVICES}


def test_settings_reader_finds_names_given_to_helpers_and_to_os_environ():
    source = (
        "import os\n"
        "def env_flag(name, default=False):\n"
        "    return os.environ.get(name, '') == '1'\n"
        "A = os.environ.get('ALPHA')\n"
        "B = env_flag('BETA')\n"
        "C = os.environ['GAMMA']\n"
        "D = os.getenv('DELTA')\n"
        "E = dict(EPSILON=1).get('EPSILON')\n"
    )

    assert environment_names_read(source) == {"ALPHA", "BETA", "GAMMA", "DELTA"}


@pytest.mark.parametrize("service", ["redis", "postgres", "web", "worker"])
def test_service_has_a_health_check(service):
    assert SERVICES[service]["healthcheck"]["test"]


def test_web_health_check_asks_for_a_page_the_site_has():
    test = SERVICES["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "bin/healthcheck.py"]

    path = re.sub(r"^https?://[^/]+", "", test[3])

    assert resolve(path).url_name == "login"


def healthcheck(url: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "bin" / "healthcheck.py"), url],
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", **environment},
    )


def test_health_check_passes_when_the_site_answers(gunicorn_server):
    result = healthcheck(f"{gunicorn_server.url}/accounts/login/", DJANGO_ALLOWED_HOSTS="*")

    assert result.returncode == 0, result.stderr


def test_health_check_fails_when_the_page_is_missing(gunicorn_server):
    result = healthcheck(f"{gunicorn_server.url}/no-such-page/", DJANGO_ALLOWED_HOSTS="*")

    assert result.returncode == 1
    assert "answered 404" in result.stderr


def test_services_that_need_the_database_wait_for_migrations_and_health():
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["redis"]["condition"] == "service_healthy", name
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert SERVICES["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_postgres_data_and_media_live_in_named_volumes():
    declared = set(COMPOSE["volumes"])
    postgres_mounts = dict(mount.split(":")[::-1] for mount in SERVICES["postgres"]["volumes"])
    assert postgres_mounts["/var/lib/postgresql/data"] in declared
    for name in APP_SERVICES:
        mounts = dict(mount.split(":")[::-1] for mount in SERVICES[name]["volumes"])
        assert mounts[SERVICES[name]["environment"]["MEDIA_ROOT"]] in declared, name
        assert set(mounts.values()) <= declared, name


def test_dockerfile_python_matches_python_version_file():
    wanted = (BASE_DIR / ".python-version").read_text().strip()
    image = re.search(r"^FROM python:(\d+\.\d+)[-\w.]*$", DOCKERFILE, re.MULTILINE)

    assert image is not None, "the Dockerfile does not start from an official python image"
    assert image.group(1) == ".".join(wanted.split(".")[:2])


def test_image_collects_static_files_and_runs_as_an_unprivileged_user():
    assert re.search(r"^RUN .*manage\.py collectstatic --noinput", DOCKERFILE, re.MULTILINE)
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}


def test_image_leaves_out_the_local_environment_and_secrets():
    ignored = set((BASE_DIR / ".dockerignore").read_text().split())

    assert {".venv", ".git", ".secret_key", ".env", "db.sqlite3", "staticfiles"} <= ignored


def test_documented_instructor_command_exists():
    documented = re.search(r"docker compose run --rm web python manage\.py (\S+)", COMPOSE_TEXT)

    assert documented is not None
    assert documented.group(1) in get_commands()


def test_image_and_repository_leave_out_the_demo_password_and_env_file():
    ignored = set((BASE_DIR / ".dockerignore").read_text().split())
    git_ignored = set((BASE_DIR / ".gitignore").read_text().split())

    assert ".demo-password" in ignored
    assert {".env", ".demo-password"} <= git_ignored


def test_the_demo_password_is_written_where_the_app_user_may_write_in_a_volume():
    demo_file = re.search(r"^ENV DEMO_PASSWORD_FILE=(\S+)$", DOCKERFILE, re.MULTILINE)
    assert demo_file is not None
    folder = str(Path(demo_file.group(1)).parent)
    # The folder is made and given to the unprivileged user in the image ...
    assert re.search(rf"chown \S+ [^\n]*{re.escape(folder)}", DOCKERFILE)
    # ... and every service that runs load_demo mounts a volume there.
    mounts = {
        volume.split(":", 1)[1]
        for service in ("web", "worker", "beat")
        for volume in COMPOSE["services"][service].get("volumes", [])
    }
    assert folder in mounts


def test_redis_used_directly_is_pinned_itself():
    pinned = {
        line.split("==")[0].split("[")[0].lower()
        for line in (BASE_DIR / "requirements.txt").read_text().splitlines()
        if "==" in line
    }
    used = re.search(r"^import redis$", (BASE_DIR / "classroom" / "cache.py").read_text(), re.M)
    assert used and "redis" in pinned
