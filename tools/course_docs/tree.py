"""List the files of a step folder that belong to the course.

The rules live in the course kit (kit/course_kit/files.py), which `nox -s check` and
`nox -s catchup` use on a learner's project: the docs and the kit then agree on what a
step's files are.
"""

from course_kit.files import SKIPPED_NAMES, SKIPPED_SUFFIXES, is_skipped, list_files

__all__ = ["SKIPPED_NAMES", "SKIPPED_SUFFIXES", "is_skipped", "list_files"]
