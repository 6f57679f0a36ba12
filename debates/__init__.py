"""Debates in groups with fixed roles and speaking timers."""
