from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development only: the archive seeder, the benchmarks and their reference API views."""

    name = "devtools"
    verbose_name = "Development tools"
