"""Hold broken variants of the finished step, one mistake each, for the tests to run."""
