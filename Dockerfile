# Production image of the IKONE portal: gunicorn for the web, the same image
# runs the Celery worker and beat (see docker-compose.yml).

FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    IKONE_VAR_DIR=/var/lib/ikone
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --home-dir /app ikone
WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
COPY --from=assets /build/node_modules/@kern-ux/native/dist static/vendor/kern
COPY --from=assets /build/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js
RUN mkdir -p /var/lib/ikone/media /var/lib/ikone/beat \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --no-input \
    && chown -R ikone:ikone /var/lib/ikone
USER ikone
EXPOSE 8000
CMD ["gunicorn", "ikone.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
