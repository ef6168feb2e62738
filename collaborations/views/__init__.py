"""The register's pages outside the staff's admin: an organisation's own collaborations,
agreements and proposals (organisation), and the public list, page and open data of a
municipality's public collaborations (public)."""
