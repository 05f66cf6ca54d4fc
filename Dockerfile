FROM python:3.11-slim
# Production unless told otherwise: SECRET_KEY, ALLOWED_HOSTS and EMAIL_HOST come from the environment.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=False
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Collected with the production storage (hashed names + manifest), which production serves.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
    python manage.py collectstatic --no-input
RUN useradd --create-home portal && mkdir -p /app/media && chown -R portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "jiaozuo_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
