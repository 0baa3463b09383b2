"""Measure the course's servers against a bare websockets server: `nox -s bench`."""

# The frame that asks an ORM echo of bench/fast_echo.py how many database
# connections its process has opened; here so the client needs no Django.
COUNT_CONNECTIONS = "bench:connections"
