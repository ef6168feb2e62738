"""Grant programmes, calls and applications (built in the grants issues)."""
