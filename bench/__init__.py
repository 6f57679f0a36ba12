"""Load and speed measurements of the site; each script prints its figures (see README.md)."""
