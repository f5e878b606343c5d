"""`python -m tidings.cli`: the same as the tidings command."""

from . import app

app()
