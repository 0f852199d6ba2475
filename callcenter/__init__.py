"""Call-center control plane for Asterisk."""

from callcenter.celery import app as celery_app

__all__ = ["celery_app"]
