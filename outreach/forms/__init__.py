"""The app's forms, one module per subject."""
