"""Production only tightens base: it refuses to start without a real key or with DEBUG."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG
from config.settings.security import secret_key_refusal

if refusal := secret_key_refusal(env_str("SECRET_KEY")):
    raise ImproperlyConfigured(refusal)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": int(env_str("EMAIL_PORT", "587")),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": True,
        },
    }
}
