"""The faces of ``tokencost prices ...`` results, one module per command module of
:mod:`tokencost.cli.prices`."""
