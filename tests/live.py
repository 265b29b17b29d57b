"""The app served over HTTP on a free loopback port, for tests that drive it from outside."""

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(app, wsgi=None):
    """Serve `wsgi` (the app itself by default) and set `app.live_url`, which is also its
    public address (the only host it answers); stop afterwards."""
    server = make_server("127.0.0.1", 0, wsgi or app, threaded=True)
    app.live_url = f"http://127.0.0.1:{server.server_port}"
    app.config.update(PUBLIC_URL=app.live_url, TRUSTED_HOSTS=["127.0.0.1"])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app
    finally:
        server.shutdown()
        thread.join(timeout=10)
