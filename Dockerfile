FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=True python manage.py collectstatic --no-input
RUN useradd --create-home portal && mkdir -p /app/media && chown -R portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "jiaozuo_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
