"""``tokencost replay`` benchmark: a log generator, a slow Decimal reference, a runner."""
