"""Logging in through municipalities' e-identification brokers (OpenID Connect): ``config``
(providers from OIDC_PROVIDERS, read by the settings) and ``adapter`` (who may log in).

Nothing is imported here: the settings load ``config`` before the apps are ready.
"""
