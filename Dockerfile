# Production-like image: gunicorn serves the portal, whitenoise its static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PIP_NO_CACHE_DIR=1

# Pango and a font for WeasyPrint (the decision letters as tagged PDF).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 samverkan
WORKDIR /app

COPY pyproject.toml README.md ./
COPY requirements/ requirements/
COPY portal/ portal/
COPY organisations/ organisations/
COPY grants/ grants/
COPY networks/ networks/
COPY insights/ insights/
RUN pip install -c requirements/constraints.txt . babel

COPY . .
# Translations and static files are built into the image; the build needs no real secrets.
RUN pybabel compile -d locale -D django \
    && SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
       ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
       REDIS_URL=redis://localhost:6379/0 STATIC_ROOT=/app/staticfiles \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R samverkan /app/var

USER samverkan
ENV STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/var/media
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
