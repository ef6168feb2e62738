from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """No models: the app exists for its management commands (dev and test settings only)."""

    name = "devtools"
    verbose_name = "Development tools"
