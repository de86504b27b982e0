"""The ``verbonden`` command line: data pipeline, file checks, maps and exports.

Lives here: :mod:`~layers.cli.main` (the console script), :mod:`~layers.cli.check` (``check``
with ``--kind``, e.g. an initiative inventory), :mod:`~layers.cli.export` and
:mod:`~layers.cli.map`. May import every other room of ``layers`` and ``geodata``.
"""

from layers.cli.main import main

__all__ = ["main"]
