"""RSS and Atom feeds for watchers, OPML, conditional GET."""

from flask import Flask

from . import conditional, discovery, fastpath, views


def init_app(app: Flask) -> None:
    """Registers the feeds, their caches, and `feed_links()` for the pages' <head>."""
    conditional.init_app(app)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(feed_links=discovery.feed_links)
    app.wsgi_app = fastpath.FeedFastPath(app, app.wsgi_app)
