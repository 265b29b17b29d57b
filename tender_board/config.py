"""Defaults. `instance/config.py`, then TENDER_BOARD_* variables, then DATABASE_URL override them."""

SQLALCHEMY_DATABASE_URI = None  # set by create_app: SQLite in the instance folder
SQLALCHEMY_ENGINE_OPTIONS: dict = {}

# Sandbox tenders run their clock this many times faster: 1440 makes a day pass in a minute.
SANDBOX_ACCELERATION = 1440

REFERENCE_PREFIX = "MFA"
SANDBOX_REFERENCE_PREFIX = "SBX"
OCID_PREFIX = "ocds-tbmfa1"
DEFAULT_RULE_PROFILE = "cn-works"

# Beijing time is the portal's reference zone; each tender also shows its own zone.
DISPLAY_TIMEZONE = "Asia/Shanghai"
LANGUAGES = ("zh", "en")
BABEL_DEFAULT_LOCALE = "zh"
BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"

PAGE_SIZE = 20
API_PAGE_SIZE = 50

MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # uploads: 20 MiB

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False  # set True behind HTTPS
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

# Behind N reverse proxies or load balancers, set 1..N: X-Forwarded-For/-Proto are then trusted.
TRUSTED_PROXIES = 0

# None answers any host; production sets the public names, e.g. ["tenders.example.gov"].
TRUSTED_HOSTS = None
