"""tokencost's version (the package's ``__version__``; ``tokencost --version`` prints it)."""

__version__ = "0.1.0"

DISTRIBUTION = "tokencost-cli"
"""The name to install it by (``pipx install tokencost-cli``); the command and the
import package are ``tokencost``. PyPI's ``tokencost`` is another project."""
