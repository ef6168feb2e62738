"""Mobilisation and volunteering: volunteers, call-outs (upprop) with pledges, volunteer
posts and shifts, and recognition."""
