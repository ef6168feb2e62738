"""The grants' public and applicant pages: open calls (calls), an association's
applications (applications), decision letters and follow-up reports (reports), and decided
grants as open data (opendata)."""
