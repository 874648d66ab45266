"""Entry point for WSGI servers: `gunicorn -w 4 -b 0.0.0.0:8000 wsgi:app`."""

from navigator import create_app

app = create_app()
