"""A Flask "hello world": the yardstick Tender Board is measured against.

Served by bench/run.py under the same gunicorn settings as the app, so that
figures can be given as ratios that hold across machines.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """Answer with the smallest possible response."""
    return "Hello, World!"
