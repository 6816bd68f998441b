# Production-like image: the same code runs as web (gunicorn), worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static ./static
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=earlyhelp.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation shared-mime-info \
      libmagic1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 earlyhelp
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY . .
RUN pip install --no-cache-dir -c requirements.lock . && chown -R earlyhelp /app
COPY --from=assets /app/node_modules ./node_modules
COPY --from=assets /app/static/build ./static/build
RUN SECRET_KEY=collectstatic-only AUDIT_CHECKPOINT_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input
USER earlyhelp
EXPOSE 8000
CMD ["gunicorn", "earlyhelp.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
