"""The data subject's rights (GDPR): a person downloads everything the portal holds about
them (``export``, art. 15/20) and erases their own account (``erasure``, art. 17), from My
page (``views``, ``forms``).

The portal knows none of the domain apps: each app contributes its own export sections and
its erasure steps in ``<app>/gdpr.py`` (see ``export.section``, ``erasure.step`` and
``erasure.blocker``), imported from its ``AppConfig.ready()``.
"""
