"""gunicorn settings for Newcomer Navigator: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every setting can still be overridden on the command line or with GUNICORN_CMD_ARGS.
Logs never contain query strings: answers travel in the `t` parameter of plan links.
"""

import multiprocessing
import os

bind = os.environ.get("NAVIGATOR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("NAVIGATOR_WORKERS", str(multiprocessing.cpu_count() * 2)))
timeout = 30
graceful_timeout = 20
# Requests larger than this are refused before Flask sees them (the app allows 64 KiB bodies).
limit_request_line = 8190

logger_class = "navigator.serving.RedactingLogger"
accesslog = os.environ.get("NAVIGATOR_ACCESS_LOG", "-")
errorlog = os.environ.get("NAVIGATOR_ERROR_LOG", "-")
# The path (%(U)s) without the query string; the referrer is redacted by the logger too.
access_log_format = '%(h)s - %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
