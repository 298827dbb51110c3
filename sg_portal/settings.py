"""Settings of the Portail du Secrétariat général, read from the environment only.

With no DATABASE_URL and no REDIS_URL the portal runs on an embedded default (SQLite and
kombu's filesystem transport), so `make run` works on a machine with nothing but Python and npm.
PostgreSQL and Redis are the production and test setting.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.csp import CSP

from sg_portal.envconf import (
    database_from_env,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SG_VAR_DIR", str(BASE_DIR / "var")))
# The local state: SQLite, the filesystem broker, the beat's schedule. A fresh clone has none yet,
# whichever database and broker it uses.
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Where `manage.py backup` writes its timestamped dumps (created on the first backup).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY est obligatoire quand DEBUG est faux.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The port `make run` serves on; absolute links (emails, calendars) follow it unless SITE_URL says.
PORT = env_int("PORT", 8000, minimum=1)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "sg_portal.journal",
    "sg_portal.outbox",
    "sg_portal.search",
    "sg_portal.notifications",
    "directions",
    # After `directions`: its demo data maps the groups to the demo's directions and pôles.
    "sg_portal.sso",
    "indicators",
    "meetings",
    "projects",
    "risks",
    "orientations",
    "communication",
    "sg_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz answers here, before anything that needs the database (sessions, users).
    "sg_portal.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sg_portal.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sg_portal.urls"
WSGI_APPLICATION = "sg_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "sg_portal.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_env("DATABASE_URL", sqlite_path=str(VAR_DIR / "portail.sqlite3"))
}
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "directions.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Local passwords (the demo, and the break-glass administrators when single sign-on is on).
    "sg_portal.sso.backends.LocalPasswordBackend",
    # The City's accounts through OpenID Connect, when OIDC_ISSUER is set.
    "sg_portal.sso.backends.CityAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username + IP pair after 5 failures, for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind the reverse proxy every request comes from the proxy's address: the lockout reads the
# client's address from X-Forwarded-For, but only as appended by these proxies (addresses or
# networks). Unset, the header is ignored and the connection's address counts.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "sg_portal.proxies.client_address"

# Single sign-on with the City's accounts (OpenID Connect, mozilla-django-oidc). Off while
# OIDC_ISSUER is empty: the portal then signs in with local passwords only, as in the demo. The
# provider's endpoints and keys come from its discovery document (OIDC_ISSUER +
# /.well-known/openid-configuration); the keys are read again at each sign-in, so a rotation at the
# provider needs nothing here.
OIDC_ISSUER = env_str("OIDC_ISSUER").strip().rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("OIDC_ISSUER demande aussi OIDC_CLIENT_ID et OIDC_CLIENT_SECRET.")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the hint of the provider's logout
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)  # seconds, for each call to the provider
OIDC_CLOCK_SKEW = env_int("OIDC_CLOCK_SKEW", 60, minimum=0)  # seconds tolerated between clocks
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
OIDC_OP_LOGOUT_URL_METHOD = "sg_portal.sso.provider.logout_url"
# The claims the City's directory sends, by name.
OIDC_CLAIM_EMPLOYEE_ID = env_str("OIDC_CLAIM_EMPLOYEE_ID", "employee_id")
OIDC_CLAIM_GROUPS = env_str("OIDC_CLAIM_GROUPS", "groups")
OIDC_CLAIM_EMAIL = env_str("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_GIVEN_NAME = env_str("OIDC_CLAIM_GIVEN_NAME", "given_name")
OIDC_CLAIM_FAMILY_NAME = env_str("OIDC_CLAIM_FAMILY_NAME", "family_name")
# With single sign-on on, local passwords can be switched off, except for these break-glass
# accounts (usernames), kept for the day the provider is down.
OIDC_LOCAL_PASSWORDS = env_bool("OIDC_LOCAL_PASSWORDS", True)
# (Empty is allowed here: docker-compose passes the variable even when unset.)
OIDC_BREAK_GLASS_USERS = [
    name.strip() for name in env_str("OIDC_BREAK_GLASS_USERS").split(",") if name.strip()
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/modern-normalize", NODE_MODULES / "modern-normalize"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security baseline; `manage.py check --deploy` stays silent with DEBUG off.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 2, minimum=60)  # 2 h of inactivity
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: expiry after inactivity
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is the City's choice, not ours.

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Logging out after a sign-in with the City's account redirects to the provider's logout.
    "form-action": [CSP.SELF]
    + ([f"{urlsplit(OIDC_ISSUER).scheme}://{urlsplit(OIDC_ISSUER).netloc}"] if OIDC_ISSUER else []),
    "frame-ancestors": [CSP.NONE],
}

# Email (Django 6.1 mailers): console in development, SMTP in production. EMAIL_URL is one of
# smtp://user:password@host:port (smtps:// for implicit TLS, ?tls=1 for STARTTLS), console://,
# file:///path or locmem://. Without it: the console in development, the local SMTP relay otherwise.
_email_url = env_url("EMAIL_URL", schemes={"smtp", "smtps", "console", "file", "locmem"}) or (
    "console://" if DEBUG else "smtp://localhost:25"
)
_email_scheme = urlsplit(_email_url).scheme
if _email_scheme in {"smtp", "smtps"}:
    _parts = urlsplit(_email_url)
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _parts.hostname,
            "port": _parts.port or (465 if _email_scheme == "smtps" else 25),
            "username": unquote(_parts.username or ""),
            "password": unquote(_parts.password or ""),
            "use_ssl": _email_scheme == "smtps",
            "use_tls": "tls=1" in (_parts.query or ""),
            "timeout": 20,
        },
    }
elif _email_scheme == "file":
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": urlsplit(_email_url).path or str(VAR_DIR / "emails")},
    }
else:
    _mailer = {"BACKEND": f"django.core.mail.backends.{_email_scheme}.EmailBackend"}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Portail du Secrétariat général <portail-sg@paris.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (no server).
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss"})
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # How long Redis waits before handing an unacknowledged message (its worker died) to another
    # worker. It must outlast the longest task, or a slow task would run twice. A lost email does
    # not wait for it: the outbox's sweep takes up a dead worker's claim within minutes.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": CELERY_TASK_TIME_LIMIT * 4
    }
else:
    _queue_dir = VAR_DIR / "celery-queue"
    for _folder in (_queue_dir, VAR_DIR / "celery-processed"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
        # Otherwise kombu writes its exchange tables to ./control in the working directory.
        "control_folder": str(VAR_DIR / "celery-control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Each app adds its periodic tasks here (the beat process is the only scheduler).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # The outbox: sends what the broker never delivered, the retries that are due, and takes up
    # the claims of dead workers. Every email the portal sends goes through it.
    "outbox-sweep": {"task": "sg_portal.outbox.tasks.sweep", "schedule": 60.0},
    # The daily digests of notifications whose hour has come (each once per person and day).
    "notifications-digests": {
        "task": "sg_portal.notifications.tasks.send_digests",
        "schedule": 300.0,
    },
    # Coming reporting periods and the started periods' reports (idempotent, so 6 h is plenty).
    "indicators-reporting-calendar": {
        "task": "indicators.tasks.ensure_reporting_calendar",
        "schedule": 6 * 3600,
    },
    # Reporting reminders: each tick plans and sends only what is due and not yet recorded.
    "indicators-reminders": {
        "task": "indicators.tasks.send_reminders",
        "schedule": 15 * 60,
    },
    # The fortnightly digest to SG staff: checked hourly, recorded once per fortnight.
    "indicators-reporting-digest": {
        "task": "indicators.tasks.send_reporting_digest",
        "schedule": 3600,
    },
    # Reminders of meeting actions before their due date and alerts once it has passed (each
    # once, claimed in the database).
    "meetings-remind-actions": {"task": "meetings.tasks.remind_actions", "schedule": 3600.0},
    # Meetings of the coming months from each body's cadence (idempotent).
    "meetings-generate": {"task": "meetings.tasks.generate_meetings", "schedule": 86400.0},
    # The fortnightly status of each project, reminded once per project and fortnight.
    "projects-status-reminders": {
        "task": "projects.tasks.send_status_reminders",
        "schedule": 3600.0,
    },
    # Auditorium: lapsed offers of a freed seat pass to the next person waiting, and the
    # reminders two days before a session (each once, by the outbox's key).
    "communication-sessions": {"task": "communication.tasks.sessions_tick", "schedule": 900.0},
    # Risks: reviews reminded and escalated, tolerance escalations, acceptances expired, key
    # risk indicators crossed (each email keyed in the outbox, so sent once), measures past due
    # (each alert keyed in the notifications, so made once).
    "risks-tick": {"task": "risks.tasks.tick", "schedule": 3600.0},
    # Consultations on orientations: closed the day after their deadline (silence recorded once),
    # and reminders five and one days before it (each queued once under its outbox key).
    "orientations-close-consultations": {
        "task": "orientations.tasks.close_consultations",
        "schedule": 3600.0,
    },
    "orientations-opinion-reminders": {
        "task": "orientations.tasks.send_opinion_reminders",
        "schedule": 3600.0,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
