"""Register the app that holds the echo consumer."""

from django.apps import AppConfig


class EchoConfig(AppConfig):
    """Hold the consumer that sends every frame back."""

    name = "echo"
