"""The `therapist-finder` command line."""
