"""Writes and state moves of mobilisation and volunteering, one module per subject."""
