"""Security headers on every response (errors and static files included) and trusted hosts."""

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _untrusted_host(_error: SecurityError) -> Response:
    # No page and no link: every link would be built from the very host name refused here.
    return Response("400 此主机名不受本站支持。 This host name is not served here.\n", status=400,
                    mimetype="text/plain")


class SessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, except on answers marked public (the feeds): those are the same
    for everyone, so they carry no cookie and no `Vary: Cookie` that would keep proxies away."""

    def save_session(self, app, session, response) -> None:
        if response.cache_control.public and not session.modified:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies:
        # Behind a load balancer: the client's address (for the sign-in rate limit) and scheme
        # come from the proxies' X-Forwarded-* headers, trusted for exactly that many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    if app.config.get("TRUSTED_HOSTS"):
        hosts = app.config["TRUSTED_HOSTS"]
        app.config["TRUSTED_HOSTS"] = hosts.split(",") if isinstance(hosts, str) else list(hosts)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.after_request(_add_headers)
