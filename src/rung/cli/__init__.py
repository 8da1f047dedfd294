"""Command line: thin shells over the library."""
