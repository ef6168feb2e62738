"""The collaboration register as the coordinators and politicians read it: the whole
register with filters, the gaps, and each focus area's collaborations and action plan.
Top floor: it reads the register, the networks and the grants."""
