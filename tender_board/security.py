"""Security headers on every response (errors and static files included), the hosts served,
and the settings production cannot run without."""

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from .urls import public_host

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


def trusted_hosts(config) -> list[str] | None:
    """The host of `PUBLIC_URL` and those listed in `TRUSTED_HOSTS` (a list, or names separated by
    commas); None, with neither set, answers any host (development)."""
    listed = config.get("TRUSTED_HOSTS") or []
    listed = [h.strip() for h in listed.split(",")] if isinstance(listed, str) else list(listed)
    hosts = [public_host(config), *listed] if config.get("PUBLIC_URL") else listed
    return [host for host in dict.fromkeys(hosts) if host] or None


def missing_for_production(config) -> list[str]:
    """What production (`PRODUCTION`) cannot run without, as the variables that set it."""
    needs = {
        "TENDER_BOARD_PUBLIC_URL=https://…": str(config.get("PUBLIC_URL") or "").startswith("https://"),
        "TENDER_BOARD_SESSION_COOKIE_SECURE=true": config.get("SESSION_COOKIE_SECURE") is True,
        "TENDER_BOARD_SESSION_COOKIE_NAME=__Host-session": is_host_cookie(config),
    }
    return [setting for setting, present in needs.items() if not present]


def is_host_cookie(config) -> bool:
    return str(config.get("SESSION_COOKIE_NAME")).startswith("__Host-")


def check_settings(config) -> None:
    """Refuse to start in production without its settings, and in any mode with a `__Host-`
    cookie that browsers would drop (one that is not Secure, for the path /, with no Domain)."""
    missing = missing_for_production(config) if config.get("PRODUCTION") else []
    if missing:
        raise RuntimeError("Production (TENDER_BOARD_PRODUCTION=true) needs: " + ", ".join(missing) + ".")
    if is_host_cookie(config) and not (
            config.get("SESSION_COOKIE_SECURE") is True and not config.get("SESSION_COOKIE_DOMAIN")
            and config.get("SESSION_COOKIE_PATH") in (None, "/") and config.get("APPLICATION_ROOT") == "/"):
        raise RuntimeError("A __Host- session cookie must be Secure (TENDER_BOARD_SESSION_COOKIE_SECURE=true), "
                           "for the path / and without a domain.")


def init_app(app: Flask) -> None:
    check_settings(app.config)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE", False))
    app.session_interface = SessionInterface()
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies:
        # Behind a load balancer: the client's address (for the sign-in rate limit) and scheme
        # come from the proxies' X-Forwarded-* headers, trusted for exactly that many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    # Flask answers any other Host with SecurityError, turned into the plain 400 below.
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.after_request(_add_headers)
