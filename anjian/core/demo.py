"""Demo scenario on top of the synthetic registry. Later contexts extend `build_demo`."""

from anjian.registry.models import Enterprise


def build_demo():
    """Returns the enterprise the demo enterprise user belongs to."""
    return (
        Enterprise.objects.filter(primary_sector__name="工贸", region__code__startswith="510904001")
        .order_by("id")
        .first()
        or Enterprise.objects.order_by("id").first()
    )
