"""The politicians' figures of mobilisation and volunteering (top floor): volunteers, hours,
call-outs and their coverage, posts and shifts per focus area and district, beside the
grants, networks and collaborations of the same focus area or district."""
