"""Defaults. `instance/config.py`, then TENDER_BOARD_* variables, then DATABASE_URL override them."""

# Production is declared, never guessed: TENDER_BOARD_PRODUCTION=true. The app then refuses to
# start without an https PUBLIC_URL, SESSION_COOKIE_SECURE and a __Host- session cookie name.
PRODUCTION = False

# The one base of every absolute link (feeds, OPML, the API, permalinks, OCDS, e-mail), e.g.
# "https://tenders.example.gov". When set, requests for any other host are refused (400) unless
# listed in TRUSTED_HOSTS. `make run` sets it to the local address.
PUBLIC_URL = None

SQLALCHEMY_DATABASE_URI = None  # set by create_app: SQLite in the instance folder
SQLALCHEMY_ENGINE_OPTIONS: dict = {}

# Sandbox tenders run their clock this many times faster: 1440 makes a day pass in a minute.
SANDBOX_ACCELERATION = 1440

REFERENCE_PREFIX = "MFA"
SANDBOX_REFERENCE_PREFIX = "SBX"
# The OCDS ocid prefix (registered with the Open Contracting Partnership): ocid = <prefix>-<reference>.
OCID_PREFIX = "ocds-tb0000"
# The public ledger (tender_board/ledger/signing.py): the checkpoints' origin line and the key's
# name (default "<host of PUBLIC_URL>/ledger" for both), and the signing key: the key text itself
# (several servers share one key), else a file, by default instance/ledger-signing.key, written on
# first use. See "Verify this board" and its key rotation in the README.
LEDGER_ORIGIN = None
LEDGER_KEY_NAME = None
LEDGER_SIGNING_KEY = None
LEDGER_KEY_FILE = None
LEDGER_PAGE_SIZE = 100  # entries per page of /api/v1/ledger/entries

DEFAULT_RULE_PROFILE = "cn-works"
# Who publishes the OCDS data, and under which licence (a URL), as every package says.
OCDS_PUBLISHER_NAME = "Ministry of Foreign Affairs"
OCDS_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
# Rebuild the bulk files (/downloads) in a background thread once a publication made them stale;
# False leaves it to `flask ocds refresh` (e.g. from cron).
OCDS_BULK_REFRESH = True

# Beijing time is the portal's reference zone; each tender also shows its own zone.
DISPLAY_TIMEZONE = "Asia/Shanghai"
LANGUAGES = ("zh", "en")
BABEL_DEFAULT_LOCALE = "zh"
BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"

PAGE_SIZE = 20
RENDERED_PAGES = True  # keep rendered public pages in the database for every server (rendered_pages)
API_PAGE_SIZE = 50

DOCUMENT_MAX_SIZE = 20 * 1024 * 1024  # an uploaded document: 20 MiB at most, that size included
# A request may exceed it by the multipart framing and the form's other fields (the CSRF token):
# the limit is the file's. Raise both together.
MAX_CONTENT_LENGTH = DOCUMENT_MAX_SIZE + 256 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False  # production: True (HTTPS only)
SESSION_COOKIE_NAME = "session"  # production: "__Host-session" (Secure, path /, no domain)
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

# Behind N reverse proxies or load balancers, set 1..N: X-Forwarded-For/-Proto are then trusted.
TRUSTED_PROXIES = 0

# Host names answered besides PUBLIC_URL's, e.g. ["www.tenders.example.gov"]. With neither set
# (development only), any host is answered.
TRUSTED_HOSTS = None

# E-mail alerts. With no MAIL_SERVER, messages are written as .eml files into MAIL_FOLDER
# (default instance/mail). MAIL_USE_TLS: STARTTLS on MAIL_PORT; MAIL_USE_SSL: TLS from the start.
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_TIMEOUT = 30
MAIL_FROM = None  # default "Tender Board <alerts@<PUBLIC_URL's host>>"
MAIL_FOLDER = None
ALERTS_MAX_SUBSCRIPTIONS = 25  # searches per address
ALERTS_CONFIRMATION_INTERVAL = 24 * 3600  # seconds between two confirmation messages to one address
ALERTS_DIGEST_HOUR = 8  # daily and weekly (Monday) digests cover the period ending at this hour, Beijing time
