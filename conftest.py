"""The shared test plugin for the apps' tests and the browser tests (see anjian/testing.py)."""

pytest_plugins = ["anjian.testing"]
