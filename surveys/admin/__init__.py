"""The admin of surveys and consultations, one module per subject."""

from surveys.admin import surveys  # noqa: F401
