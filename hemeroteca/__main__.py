"""``python -m hemeroteca``: the same command as the installed ``hemeroteca``."""

from .cli import main

main()
