"""The admin of mobilisation and volunteering, one module per subject."""

from volunteering.admin import callouts, posts, recognition, volunteers  # noqa: F401
