"""Test helpers for the apps' tests; the fixtures themselves are the plugin `anjian.testing`."""

from anjian.testing import (  # noqa: F401 (re-exported for the apps' tests)
    PASSWORD,
    World,
    build_world,
    load_world,
    make_code,
    make_enterprise,
    make_user,
)
