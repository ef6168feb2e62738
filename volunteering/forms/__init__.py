"""Forms of mobilisation and volunteering, one module per subject."""
