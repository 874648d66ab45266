"""The baseline for the load test: a hello-world Flask app under the same gunicorn settings.

Answers every path (including the plan and service URLs the locust users request) with a
small constant page, so the ratio app / hello shows what the app itself costs.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def hello(path: str) -> str:
    return "<!doctype html><title>Hello</title><p>Hello, world!</p>"
