"""Test the course documentation tool."""
