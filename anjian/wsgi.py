import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
application = get_wsgi_application()

from anjian.core.keys import refuse_weak_keys  # noqa: E402  (settings are loaded now)

refuse_weak_keys("WSGI 应用")
