def set_price() -> None:
    """Placeholder."""
