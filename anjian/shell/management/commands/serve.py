"""`anjian serve`: the web process.

One process with waitress threads is the embedded default (the demo, Windows, macOS);
`--workers N` (N > 1) on Linux runs gunicorn with N worker processes of `--threads` threads
each (the gthread worker), so that a province's requests are not queued behind one Python
interpreter's lock. Background jobs (reminders, large exports) never run here: `anjian worker`
runs them (the demo starts one inside its own process).
"""

import sys

from django.core.management.base import BaseCommand, CommandError


def use_gunicorn(workers: int, platform: str | None = None) -> bool:
    return workers > 1 and (platform or sys.platform).startswith("linux")


def gunicorn_app(application, options: dict):
    """A gunicorn application object serving `application` with `options` (gunicorn's
    settings by name: bind, workers, threads, ...)."""
    from gunicorn.app.base import BaseApplication

    class AnjianGunicorn(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    return AnjianGunicorn()


class Command(BaseCommand):
    help = "Serve Anjian: waitress (one process), or gunicorn with --workers N on Linux."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="threads per process")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="worker processes (gunicorn, Linux only; 1 = waitress, the embedded default)",
        )

    def handle(self, *args, host, port, threads, workers, **opts):
        from django.core.exceptions import ImproperlyConfigured
        from django.db import connections

        from anjian.core.keys import refuse_weak_keys

        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        try:
            refuse_weak_keys("anjian serve")
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

        from anjian.wsgi import application

        if use_gunicorn(workers):
            connections.close_all()  # no connection for the workers to inherit across fork
            self.stdout.write(
                f"安监系统已启动：http://{host}:{port}/  （gunicorn，{workers} 个进程 × "
                f"{threads} 线程；Ctrl+C 停止）"
            )
            gunicorn_app(
                application,
                {
                    "bind": f"{host}:{port}",
                    "workers": workers,
                    "threads": threads,
                    "worker_class": "gthread",
                    "timeout": 120,
                    "graceful_timeout": 30,
                    "max_requests": 5000,
                    "max_requests_jitter": 500,
                    "accesslog": None,
                    "proc_name": "anjian",
                },
            ).run()
            return
        if workers > 1:
            self.stderr.write("--workers needs Linux (gunicorn); serving with waitress instead")
        from waitress import serve

        self.stdout.write(f"安监系统已启动：http://{host}:{port}/  （Ctrl+C 停止）")
        serve(application, host=host, port=port, threads=threads, ident="anjian")
