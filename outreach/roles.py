"""What each municipal role may do with segments and mailings (portal.roles)."""
