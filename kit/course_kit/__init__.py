"""Support the course's tests: real servers, Redis, Chromium, and checks of a learner's project."""
