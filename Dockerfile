# The production image: gunicorn serves the site; the same image runs the Celery worker and beat.
# Build and run with docker compose (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=classroom.settings \
    MEDIA_ROOT=/data/media

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Hashed, compressed static files are part of the image. The key only lets settings load here;
# it is not kept.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0

# Runs as an unprivileged user. When DJANGO_SECRET_KEY is not given, settings create a random
# key in /app/.secret_key on first start; it points into the "secrets" volume, so every service
# and every restart share the one key. load_demo writes the demo instructor's password into the
# same volume (DEMO_PASSWORD_FILE): /app belongs to root and stays read-only to the app.
ENV DEMO_PASSWORD_FILE=/data/secrets/demo-password
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin classroom \
    && mkdir -p /data/media /data/secrets \
    && chown classroom:classroom /data/media /data/secrets \
    && chmod 700 /data/secrets \
    && ln -sf /data/secrets/secret_key /app/.secret_key
USER classroom

EXPOSE 8000

CMD ["gunicorn", "classroom.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "8", "--keep-alive", "5", "--access-logfile", "-", "--logger-class", "classroom.accesslog.RedactingLogger"]
