"""tokencost's version (the package's ``__version__``; ``tokencost --version`` prints it)."""

__version__ = "0.1.0"
