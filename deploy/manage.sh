#!/bin/sh
# Run a manage.py command of the deployed app the way its daphne service runs:
# same folder, same settings, same environment file. For example:
#
#   sudo -u channels-course /srv/channels-course/deploy/manage.sh migrate
#   sudo -u channels-course /srv/channels-course/deploy/manage.sh collectstatic --noinput
#
# The defaults match deploy/systemd/channels-course@.service; the variables
# below override them.
set -eu
APP_ROOT=${APP_ROOT:-/srv/channels-course}
ENV_FILE=${ENV_FILE:-/etc/channels-course/env}
PYTHON=${PYTHON:-$APP_ROOT/.venv/bin/python}

# Export every KEY=value line of the environment file.
set -a
. "$ENV_FILE"
set +a
export PYTHONPATH="$APP_ROOT/deploy"
export DJANGO_SETTINGS_MODULE=settings_production

cd "$APP_ROOT/steps/05_events"
exec "$PYTHON" manage.py "$@"
