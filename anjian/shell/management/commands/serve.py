from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Anjian with waitress (static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **opts):
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management.base import CommandError
        from waitress import serve

        from anjian.core.keys import refuse_weak_keys

        try:
            refuse_weak_keys("anjian serve")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

        from anjian.notifications.scheduler import start_background_ticker
        from anjian.wsgi import application

        start_background_ticker()  # the daily `anjian tick` inside the app process (ANJIAN_TICKER=0: off)

        self.stdout.write(f"安监系统已启动：http://{host}:{port}/  （Ctrl+C 停止）")
        serve(application, host=host, port=port, threads=threads, ident="anjian")
