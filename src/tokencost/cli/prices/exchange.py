def export() -> None:
    """Placeholder."""


def import_prices() -> None:
    """Placeholder."""
