#!/usr/bin/env python
"""Run Django's command-line tasks for this project."""

import os
import sys


def main():
    """Point Django at this project's settings and run the command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
