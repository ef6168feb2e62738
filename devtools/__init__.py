"""Development tooling: the embedded PostgreSQL/Redis, demo data, the benchmark data set and
the ``seed_demo``, ``seed_bench`` and ``runportal`` commands.

An installed app only in the development and test settings (``config.settings.dev`` and
``config.settings.test``); production settings never import or install it.
"""
