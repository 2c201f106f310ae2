"""zhengwu settings: 12-factor, everything from the environment, safe development defaults.

Development (the default): SQLite in WAL mode under var/, tasks in the database. DEBUG is off
unless a developer asks for it (DEBUG=1): `make run` shows visitors' Chinese error pages.
Production: set ZHENGWU_ENV=production, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL),
REDIS_URL (cache and sessions); `manage.py check --deploy` then passes.
"""

import base64
import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
from cryptography.fernet import Fernet


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env("ZHENGWU_VAR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env("ZHENGWU_ENV", "development") == "production"
# Off unless a developer asks (DEBUG=1 shows Django's debug pages): the demo answers errors as
# production does, with the Chinese pages of portal/errors.py.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "" if PRODUCTION else "dev-only-insecure-key-change-me-" + "x" * 32)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError("生产环境必须设置 SECRET_KEY（至少 50 个字符）")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # the API documentation from our own static files, not a CDN (and under our policy)
    "ninja",
    "zhengwu.core",
    "zhengwu.org",
    "zhengwu.portal",
    "zhengwu.disclosure",
    "zhengwu.disclosure.requests",
    "zhengwu.disclosure.archive",
    "zhengwu.disclosure.interpretation",
    "zhengwu.disclosure.public_bodies",
    "zhengwu.services",
    "zhengwu.cases",
    "zhengwu.interaction",
    "zhengwu.websites",
    "zhengwu.oversight",
    "zhengwu.websites.checks",
    "zhengwu.ratings",
    "zhengwu.supervision",
    "zhengwu.assessment",
    "zhengwu.search",
    "zhengwu.programmes",
    "zhengwu.trading",
    "zhengwu.api",
]

MIDDLEWARE = [
    # Public pages for anonymous visitors, from the cache, before any other layer: a stored
    # page keeps the headers the others gave it (portal/pagecache.py says why that is safe).
    "zhengwu.portal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zhengwu.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhengwu.core.middleware.RequestContextMiddleware",
    "zhengwu.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhengwu.org.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A service's refusal no view caught: its error page (4xx), not a 500.
    "zhengwu.portal.errors.ServiceErrorMiddleware",
]

ROOT_URLCONF = "zhengwu.urls"
WSGI_APPLICATION = "zhengwu.wsgi.application"

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
                "zhengwu.portal.context_processors.site",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhengwu.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN,
        # so concurrent writers queue instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The test database is a file of its own (not shared-cache memory): threads then wait for the
    # write lock through busy_timeout as in production, instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {
        "NAME": env("ZHENGWU_TEST_DB")
        or str(Path(tempfile.gettempdir()) / f"zhengwu-test-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # core.rows's statements (the case transitions') are prepared on the server from their
    # 2nd run on a connection. 0 turns it off (a pooler in transaction mode older than
    # PgBouncer 1.21 cannot keep prepared statements). Added to the URL's own options
    # (?sslmode=require…), which stay.
    _prepare = env_int("DB_PREPARE_THRESHOLD", 2)
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = _prepare or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions ------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
elif "pytest" in sys.modules:
    # The test process: a cache of its own, empty at every run.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
else:
    # Without Redis, a cache shared by every worker process on the machine (gunicorn runs 2):
    # an in-memory cache per process would let one worker serve what another has invalidated.
    # It holds the public pages (portal/pagecache.py) and their generations; past MAX_ENTRIES
    # it drops a third at random, and every write counts the files, so it stays modest: a
    # site with more pages than this runs Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    # The Redis queue for several workers (pip install ".[scale]"; docs/deploy.md).
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# --- accounts and sessions ------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
# A form whose CSRF check fails gets the Chinese 403 page in the site's frame.
CSRF_FAILURE_VIEW = "zhengwu.portal.errors.csrf_failure"
LOGIN_REDIRECT_URL = "/workbench/"
# Staff sessions die after ZHENGWU_IDLE_MINUTES without a request and after ZHENGWU_SESSION_HOURS in all.
SESSION_IDLE_SECONDS = env_int("ZHENGWU_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("ZHENGWU_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# 等保 (complexity + periodic change) or modern (NIST/ASVS: length, no rotation).
PASSWORD_POLICY = env("ZHENGWU_PASSWORD_POLICY", "dengbao")
PASSWORD_MAX_AGE_DAYS = env_int("ZHENGWU_PASSWORD_MAX_AGE_DAYS", 90)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhengwu.org.passwords.PolicyValidator"},
]
REQUIRE_STAFF_TOTP = env_bool("ZHENGWU_REQUIRE_TOTP", PRODUCTION)
# Failed log ins (org/lockout.py): failures of one account from one address lock that pair
# (not the account, not the address) for ZHENGWU_LOCKOUT_MINUTES, counted from the failure
# that locked it; after failures from one address, or to one account from anywhere, every
# further log in there must pass the CAPTCHA first instead.
AXES_FAILURE_LIMIT = env_int("ZHENGWU_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("ZHENGWU_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
ZHENGWU_LOGIN_CAPTCHA_AFTER = env_int("ZHENGWU_LOGIN_CAPTCHA_AFTER", 3)
ZHENGWU_ACCOUNT_CAPTCHA_AFTER = env_int("ZHENGWU_ACCOUNT_CAPTCHA_AFTER", 10)
AXES_LOCKOUT_CALLABLE = "zhengwu.org.views.locked_out"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# The client address: X-Real-IP from the proxy in production, REMOTE_ADDR otherwise; the same
# function feeds the audit chain and the per-address lockout.
ZHENGWU_BEHIND_PROXY = env_bool("ZHENGWU_BEHIND_PROXY", PRODUCTION)
AXES_CLIENT_IP_CALLABLE = "zhengwu.core.middleware.client_ip"

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # collectstatic fills it; WhiteNoise expects it to exist
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-public/"  # uploads are served only through permission-checked views
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ZHENGWU_MAX_UPLOAD_BYTES = env_int("ZHENGWU_MAX_UPLOAD_MB", 20) * 1024 * 1024

# --- the platform ---------------------------------------------------------------------------
ZHENGWU_ROOT_JURISDICTION = env("ZHENGWU_ROOT_JURISDICTION", "433100")
# The real divisions (NBS 统计用区划代码 2023) ship with the code: see org/data/README.md.
ZHENGWU_DIVISIONS_FILE = env(
    "ZHENGWU_DIVISIONS_FILE", str(BASE_DIR / "org" / "data" / "xiangxi-divisions.csv")
)
ZHENGWU_AUDIT_HEAD_FILE = env("ZHENGWU_AUDIT_HEAD_FILE", str(VAR_DIR / "audit-head.json"))
# Independent audit chains, each with its own head row: writers queue per chain, not globally.
ZHENGWU_AUDIT_CHAINS = max(1, env_int("ZHENGWU_AUDIT_CHAINS", 16))
# An audit event whose action has no Chinese name registered (core/actions.py) is refused, so
# development and the tests find it; production records it anyway (a change is never lost for
# want of a name) and shows "未登记的操作".
ZHENGWU_AUDIT_ACTIONS_STRICT = env_bool("ZHENGWU_AUDIT_ACTIONS_STRICT", not PRODUCTION)
# A clock warns (预警) when this many working days or less are left, or this share of the time is used.
ZHENGWU_WARN_WORKDAYS = env_int("ZHENGWU_WARN_WORKDAYS", 1)
ZHENGWU_WARN_USED_PERCENT = env_int("ZHENGWU_WARN_USED_PERCENT", 80)
# Two records are "like" (search/similar.py: 条例 §44's requests for the same information) when
# one holds at least this share of the other's words, weighed by how rare each word is.
ZHENGWU_SIMILAR_THRESHOLD = float(env("ZHENGWU_SIMILAR_THRESHOLD", "0.6"))
# 条例 §44: when this many different applicants ask one body for the same information within
# ZHENGWU_SIMILAR_REQUEST_MONTHS months, its disclosure officer is proposed to publish it
# proactively. The law says only "多个申请人" and sets no count or period (U): these are the
# platform's defaults, not the law's (domain-rules-trading-sites-archive §5.1).
ZHENGWU_SIMILAR_REQUESTS = env_int("ZHENGWU_SIMILAR_REQUESTS", 3)
ZHENGWU_SIMILAR_REQUEST_MONTHS = env_int("ZHENGWU_SIMILAR_REQUEST_MONTHS", 12)
ZHENGWU_NOTICE_BACKENDS = [b for b in env("ZHENGWU_NOTICE_BACKENDS", "site").split(",") if b]
# API tokens (org/tokens.py): valid ZHENGWU_TOKEN_DAYS days unless the issuer chooses otherwise,
# never more than ZHENGWU_TOKEN_MAX_DAYS.
ZHENGWU_TOKEN_DAYS = env_int("ZHENGWU_TOKEN_DAYS", 90)
ZHENGWU_TOKEN_MAX_DAYS = max(ZHENGWU_TOKEN_DAYS, env_int("ZHENGWU_TOKEN_MAX_DAYS", 365))
# Columns encrypted at rest (core/crypto.py: the staff TOTP secrets): Fernet keys, comma-separated;
# the first encrypts, every one decrypts (rotation: docs/deploy.md). Never stored in the database.
ZHENGWU_FIELD_KEYS = [k.strip() for k in env("ZHENGWU_FIELD_KEY").split(",") if k.strip()]
if not ZHENGWU_FIELD_KEYS:
    if PRODUCTION:
        raise RuntimeError(
            "生产环境必须设置 ZHENGWU_FIELD_KEY（字段加密密钥），生成方法见 docs/deploy.md"
        )
    # Development and tests only: a key derived from SECRET_KEY, so a fresh checkout runs without
    # setup. Production refuses to start without a key of its own (above).
    ZHENGWU_FIELD_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"zhengwu-field-key:" + SECRET_KEY.encode()).digest()
        ).decode()
    ]
for _key in ZHENGWU_FIELD_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise RuntimeError(
            "ZHENGWU_FIELD_KEY 中有无效的密钥：每个密钥应为 32 字节的 URL 安全 Base64 编码"
        ) from None
# The CAPTCHA (core/captcha.py) of anonymous posts and of flagged log ins: seconds it stays valid.
ZHENGWU_CAPTCHA_SECONDS = env_int("ZHENGWU_CAPTCHA_SECONDS", 300)
# Tracking by number + query code (办件, 依申请公开, 留言), `count/seconds`: wrong look-ups allowed
# from one address, and against one tracked number from anywhere; the next is a 429.
ZHENGWU_TRACK_RATE_IP = env("ZHENGWU_TRACK_RATE_IP", "20/3600")
ZHENGWU_TRACK_RATE_NUMBER = env("ZHENGWU_TRACK_RATE_NUMBER", "10/86400")
# A submission's Idempotency-Key returns its first result for this many hours (core.idempotency).
ZHENGWU_IDEMPOTENCY_HOURS = env_int("ZHENGWU_IDEMPOTENCY_HOURS", 24)
# An uploaded file no row refers to is deleted once it is this many hours old (core.uploads).
ZHENGWU_ORPHAN_FILE_HOURS = env_int("ZHENGWU_ORPHAN_FILE_HOURS", 24)
# The public address of the site (e.g. https://www.xxz.gov.cn): answer letters print the full
# address of a published document given with the answer; empty, they name its 索引号 only.
ZHENGWU_PUBLIC_URL = env("ZHENGWU_PUBLIC_URL", "")
# The 公文库's §18 review (archive/models.py): a 依申请公开 or 不予公开 record falls due
# this many months after its 成文日期 or its last review. 条例 §18 sets no interval (domain
# rules §5.1, U); yearly matches 保密法 2024 §24's yearly review of secrets.
ZHENGWU_ARCHIVE_REVIEW_MONTHS = env_int("ZHENGWU_ARCHIVE_REVIEW_MONTHS", 12)
# A round is to be done this many working days after it opens (U: no rule sets it; 电子监察
# cards a round still open after it).
ZHENGWU_ARCHIVE_REVIEW_WORKDAYS = env_int("ZHENGWU_ARCHIVE_REVIEW_WORKDAYS", 20)
# 解读回应 (disclosure/interpretation). 政策解读 of a 规章 or 行政规范性文件 is due this many working
# days after the document's 发布日期: 国办发〔2016〕80号 asks for 同步 publication and names no day
# count; "最迟不超过3个工作日" is provincial practice (domain rules §3, unverified).
ZHENGWU_INTERPRETATION_WORKDAYS = env_int("ZHENGWU_INTERPRETATION_WORKDAYS", 3)
# 回应关切 clocks, in hours from the incident or the concern: 特别重大、重大突发事件 — 权威信息 within
# 5 h (国办发〔2016〕80号) and a 新闻发布会 within 24 h (80号; 国办发〔2016〕61号); other 政务舆情 —
# a response within 48 h (61号). Domain rules §3.
ZHENGWU_CONCERN_HOURS_AUTHORITATIVE = env_int("ZHENGWU_CONCERN_HOURS_AUTHORITATIVE", 5)
ZHENGWU_CONCERN_HOURS_PRESS = env_int("ZHENGWU_CONCERN_HOURS_PRESS", 24)
ZHENGWU_CONCERN_HOURS_OTHER = env_int("ZHENGWU_CONCERN_HOURS_OTHER", 48)
# 新闻发布会 a government (or department) holds a year: 国办发〔2013〕100号 asks departments close to
# the economy and livelihoods for at least one a quarter; for a 州 and its counties the frequency
# is not set nationally (domain rules §4, unverified), so configurable, one a quarter by default.
ZHENGWU_PRESS_CONFERENCES_PER_YEAR = env_int("ZHENGWU_PRESS_CONFERENCES_PER_YEAR", 4)
# Outgoing mail: notices by e-mail, and 依申请公开 answers delivered by e-mail.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# --- security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# On every response (core.middleware.ContentSecurityPolicyMiddleware): the pages load nothing
# from other origins and run no inline script, so an injected <script> or event handler does
# not run. Styles stay allowed inline (style attributes, htmx's indicator style). A deployment
# may set its own policy in CONTENT_SECURITY_POLICY; set empty, the header is left out.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}


# --- 网站检查 (websites.checks; 国办秘函〔2019〕19号, domain-rules-trading-sites-archive §2) ---
# The sites checked: governments' and departments' (国办发〔2017〕47号: a 政府网站 is run by a
# government or its departments; issue 22: 1 + 8 + 115 + department sites). Village sites
# (村务公开, run by 村民委员会) are not 政府网站; add "village" to check them too.
ZHENGWU_SITE_CHECK_LEVELS = env(
    "ZHENGWU_SITE_CHECK_LEVELS", "prefecture,county,township,department"
).split(",")
# 单项否决 3: the home page not updated for 2 weeks.
ZHENGWU_SITE_HOME_DAYS = env_int("ZHENGWU_SITE_HOME_DAYS", 14)
# 单项否决 4(a): 动态要闻 stale 2 weeks + 通知公告/政策文件 stale 6 months, together ≥ 5 columns;
# 4(b) ≥ 10 应更新 columns not updated; 4(c) ≥ 5 empty columns.
ZHENGWU_SITE_NEWS_DAYS = env_int("ZHENGWU_SITE_NEWS_DAYS", 14)
ZHENGWU_SITE_NOTICE_DAYS = env_int("ZHENGWU_SITE_NOTICE_DAYS", 183)
ZHENGWU_SITE_STALE_KEY_COLUMNS = env_int("ZHENGWU_SITE_STALE_KEY_COLUMNS", 5)
ZHENGWU_SITE_STALE_COLUMNS = env_int("ZHENGWU_SITE_STALE_COLUMNS", 10)
ZHENGWU_SITE_EMPTY_COLUMNS = env_int("ZHENGWU_SITE_EMPTY_COLUMNS", 5)
# The levels whose sites carry a 政策文件 column (规章 and 行政规范性文件 of their government);
# other sites only once they have published one. A choice of ours (the rules are silent).
ZHENGWU_SITE_POLICY_LEVELS = env("ZHENGWU_SITE_POLICY_LEVELS", "prefecture,county").split(",")
# 单项否决 5(b): a 政务咨询 message unanswered for more than 3 months within the past year.
ZHENGWU_SITE_CONSULT_MONTHS = env_int("ZHENGWU_SITE_CONSULT_MONTHS", 3)
# 单项否决 6: the levels that must offer 办事服务 (门户网站, 国办发〔2017〕47号); 办事指南 key
# elements: an item missing ≥ N of the 8 is incomplete (unverified: the threshold was cut off in
# the source), and ≥ M incomplete items are a veto (unverified).
ZHENGWU_SITE_SERVICE_LEVELS = env("ZHENGWU_SITE_SERVICE_LEVELS", "prefecture,county").split(",")
ZHENGWU_SITE_GUIDE_MISSING = env_int("ZHENGWU_SITE_GUIDE_MISSING", 5)
ZHENGWU_SITE_GUIDE_INCOMPLETE_ITEMS = env_int("ZHENGWU_SITE_GUIDE_INCOMPLETE_ITEMS", 1)
# 单项否决 1 (严重表述错误): a JSON file of [wrong, right, what] rows; empty = the app's own list.
ZHENGWU_SITE_WRONG_TERMS_FILE = env("ZHENGWU_SITE_WRONG_TERMS_FILE", "")
# 扣分 (verified, 国管局 2019 Q2 self-check): 政策文件 stale 6 months −5, 办事统计 stale 3 months −2,
# 留言答复 stale 2 months −3.
ZHENGWU_SITE_POLICY_STALE_POINTS = env_int("ZHENGWU_SITE_POLICY_STALE_POINTS", 5)
ZHENGWU_SITE_SERVICE_STATS_MONTHS = env_int("ZHENGWU_SITE_SERVICE_STATS_MONTHS", 3)
ZHENGWU_SITE_SERVICE_STATS_POINTS = env_int("ZHENGWU_SITE_SERVICE_STATS_POINTS", 2)
ZHENGWU_SITE_REPLY_MONTHS = env_int("ZHENGWU_SITE_REPLY_MONTHS", 2)
ZHENGWU_SITE_REPLY_POINTS = env_int("ZHENGWU_SITE_REPLY_POINTS", 3)
# 扣分, unverified amounts (19号 recalled, not read): each policy document without an
# interpretation, empty 领导信息, no 征集调查 in the year, each broken link; each capped.
ZHENGWU_SITE_UNINTERPRETED_POINTS = env_int("ZHENGWU_SITE_UNINTERPRETED_POINTS", 1)
ZHENGWU_SITE_UNINTERPRETED_CAP = env_int("ZHENGWU_SITE_UNINTERPRETED_CAP", 5)
ZHENGWU_SITE_NO_LEADERS_POINTS = env_int("ZHENGWU_SITE_NO_LEADERS_POINTS", 3)
ZHENGWU_SITE_NO_SURVEY_POINTS = env_int("ZHENGWU_SITE_NO_SURVEY_POINTS", 3)
ZHENGWU_SITE_NO_CODE_POINTS = env_int("ZHENGWU_SITE_NO_CODE_POINTS", 2)  # 网站标识码 not shown
ZHENGWU_SITE_BROKEN_LINK_POINTS = env_int("ZHENGWU_SITE_BROKEN_LINK_POINTS", 1)
ZHENGWU_SITE_BROKEN_LINK_CAP = env_int("ZHENGWU_SITE_BROKEN_LINK_CAP", 5)
# 加分 (portals only, 20 in all): ≥ 6 在线访谈 in the year (recalled, garbled copy: unverified).
ZHENGWU_SITE_INTERVIEWS_FOR_BONUS = env_int("ZHENGWU_SITE_INTERVIEWS_FOR_BONUS", 6)
ZHENGWU_SITE_INTERVIEW_BONUS_POINTS = env_int("ZHENGWU_SITE_INTERVIEW_BONUS_POINTS", 10)
ZHENGWU_SITE_SURVEY_BONUS_POINTS = env_int("ZHENGWU_SITE_SURVEY_BONUS_POINTS", 10)
# The link crawl: the platform's own address, pages per site, requests per second, timeout (s).
ZHENGWU_SITE_BASE_URL = env("ZHENGWU_SITE_BASE_URL", "http://127.0.0.1:8000")
ZHENGWU_SITE_CRAWL_PAGES = env_int("ZHENGWU_SITE_CRAWL_PAGES", 50)
ZHENGWU_SITE_CRAWL_RATE = float(env("ZHENGWU_SITE_CRAWL_RATE", "5"))
ZHENGWU_SITE_CRAWL_TIMEOUT = float(env("ZHENGWU_SITE_CRAWL_TIMEOUT", "10"))
# Hosts whose links are not asked, comma-separated. By default the two national registries every
# footer must link to (国办发〔2017〕47号: ICP and 公安 备案); a government network that cannot
# reach the internet would otherwise report them broken on every page. Set it empty to ask them.
ZHENGWU_SITE_CRAWL_SKIP_HOSTS = [
    h.strip().lower()
    for h in env("ZHENGWU_SITE_CRAWL_SKIP_HOSTS", "beian.miit.gov.cn,beian.mps.gov.cn").split(",")
    if h.strip()
]
# 年度报表: due 31 January (国办函〔2018〕12号); 湖南 sets 29 January for its sites (MM-DD).
ZHENGWU_SITE_REPORT_DUE = env("ZHENGWU_SITE_REPORT_DUE", "01-31")
