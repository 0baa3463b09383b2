"""Generate each step's diff and check the course pages against the step folders."""
