# The opsplan production image: web (gunicorn), Celery worker, Celery beat and migrations all run from it.
# See docker-compose.yml and "Production" in README.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=3

# An unprivileged user runs everything; the code it runs stays owned by root (read-only to it).
RUN groupadd --system --gid 10001 opsplan \
    && useradd --system --uid 10001 --gid opsplan --home-dir /app --no-create-home --shell /usr/sbin/nologin opsplan

WORKDIR /app

# Runtime dependencies only (not requirements-dev.txt); a layer of its own so code changes don't reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files are collected (hashed and compressed for whitenoise) into the image. The SECRET_KEY here is a
# throwaway that exists only in this build step: the containers get the real one from .env at run time.
RUN DEBUG=false SECRET_KEY=build-time-collectstatic-only-not-a-secret python manage.py collectstatic --noinput

USER opsplan

EXPOSE 8000

# Workers come from WEB_CONCURRENCY (gunicorn reads it); extra options can go in GUNICORN_CMD_ARGS.
CMD ["gunicorn", "opsplan.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--timeout", "120"]
