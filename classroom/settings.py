"""Settings, read from the environment (see the table in README.md).

The defaults run the embedded shape: a SQLite file, no Redis (Celery runs tasks in-process
and the cache is local memory), DEBUG off. Production sets ``DATABASE_URL``, ``REDIS_URL``,
``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and an ``https://`` ``PUBLIC_URL``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A random key kept in a git-ignored file, so that `make run` needs no set-up."""
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "*")

# The address phones are sent to (join links, QR codes, emailed sign-in links). When unset,
# the address the instructor's browser used stands in.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
HTTPS = PUBLIC_URL.startswith("https://") or env_bool("DJANGO_HTTPS", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "classroom",
    "discussions",
    "quizzes",
    "debates",
    "exercises",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "classroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "classroom.context_processors.activity_scripts",
            ],
        },
    },
]

WSGI_APPLICATION = "classroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn threads write to one file: wait for the lock rather than fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "classroom.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "classroom"),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 30
CELERY_TASK_TIME_LIMIT = 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a worker took but never acknowledged (the worker was killed) goes back to the queue
# after this long; it must exceed the hard time limit, or a task still running would be handed
# to a second worker. Redis's default is an hour. A task waiting for its ETA longer than this
# is handed out again too: the tasks with an ETA are safe to run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 5 * CELERY_TASK_TIME_LIMIT,
    # A broker that does not answer fails a send within a second (the request that sent it
    # carries on: classroom.kinds.task_enqueue logs it and the sweepers catch up).
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TIMEZONE = "UTC"
# How often beat sweeps up what a lost task left undone (a timed question still open after
# its deadline); the sweep is the backstop, so this is also the longest such a question stays
# open when its own close task was lost.
QUIZ_SWEEP_SECONDS = 5.0
EXERCISE_SWEEP_SECONDS = 10.0
# Run exactly one beat (docker-compose.yml's "beat" service); its schedule lives here.
CELERY_BEAT_SCHEDULE = {
    "quiz-questions-close-overdue": {
        "task": "quizzes.tasks.questions_close_overdue",
        "schedule": QUIZ_SWEEP_SECONDS,
        # A sweep that waited longer than its period is replaced by the next one.
        "options": {"expires": QUIZ_SWEEP_SECONDS},
    },
    # Exercise submissions a lost task or a killed worker left unmarked are sent again.
    "exercise-submissions-sweep": {
        "task": "exercises.tasks.submissions_sweep_task",
        "schedule": EXERCISE_SWEEP_SECONDS,
        "options": {"expires": EXERCISE_SWEEP_SECONDS},
    },
    # Feedback whose scheduled release a lost task missed, and emails a lost task left unsent.
    "feedback-releases-sweep": {
        "task": "feedback.tasks.releases_sweep_task",
        "schedule": 30.0,
        "options": {"expires": 30.0},
    },
    # Every wrong join code and every visit without a cookie leaves a session row behind.
    "sessions-clear-expired": {
        "task": "classroom.tasks.sessions_clear_expired",
        "schedule": crontab(minute=17),
    },
}

# Sessions live in the database (nothing is lost on a restart) and are read through the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A phone stays signed in for the term.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 180
# An instructor's sign-in lasts a working day (classroom.instructor_login sets it at each
# sign-in).
INSTRUCTOR_SESSION_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "classroom:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed names (collectstatic writes the manifest) unless DEBUG is on or
# DJANGO_STATIC_MANIFEST=false (the test suite, which runs without collectstatic).
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
# Until collectstatic has run, WhiteNoise serves straight from the sources.
WHITENOISE_USE_FINDERS = not (STATIC_MANIFEST and (STATIC_ROOT / "staticfiles.json").exists())
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "classroom.storage.TolerantManifestStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Email: SMTP by default; the console while developing (DEBUG on), so that sign-in links can be
# seen without a mail server.
EMAIL_BACKEND_NAME = os.environ.get("EMAIL_BACKEND", "").strip() or ("console" if DEBUG else "smtp")
_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_mail_backend = _MAIL_BACKENDS.get(EMAIL_BACKEND_NAME, EMAIL_BACKEND_NAME)
_mail_options = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "classroom@localhost")

# A strict Content Security Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if PUBLIC_URL:
    CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]

# Joining by code: failed tries allowed per client (a browser) and per network address in a
# window; the address allowance is large, so one NAT address never locks out a whole class.
JOIN_FAILURES_PER_CLIENT = int(os.environ.get("JOIN_FAILURES_PER_CLIENT", "8"))
JOIN_FAILURES_PER_ADDRESS = int(os.environ.get("JOIN_FAILURES_PER_ADDRESS", "200"))
JOIN_FAILURE_WINDOW = 300
# New guests one phone, and one network address, may join as in that window.
GUEST_JOINS_PER_CLIENT = int(os.environ.get("GUEST_JOINS_PER_CLIENT", "5"))
GUEST_JOINS_PER_ADDRESS = int(os.environ.get("GUEST_JOINS_PER_ADDRESS", "2000"))
# Reverse proxies whose X-Forwarded-For names the client (the TLS proxy in front of gunicorn);
# from any other address the header is ignored. Comma-separated addresses.
TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("DJANGO_TRUSTED_PROXIES", "").split(",") if a.strip()
)

# Instructors signing in: wrong passwords allowed per username from one network address in a
# window; past it, even the right password is refused until the window has passed.
LOGIN_FAILURES_PER_USERNAME = 5
LOGIN_FAILURE_WINDOW = 900

# How often phones ask whether the live session changed, in milliseconds.
POLL_INTERVAL_MS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"signin_tokens": {"()": "classroom.accesslog.SigninTokenFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["signin_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
