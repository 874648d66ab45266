"""Entry point for WSGI servers: `gunicorn -c gunicorn.conf.py wsgi:app`."""

from navigator import create_app
from navigator.serving import tune_collector

app = create_app()
tune_collector()
