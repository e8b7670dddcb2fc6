"""``python -m service`` is the ``accredo`` command."""

from service.cli import main

main()
