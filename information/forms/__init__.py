"""Information's public forms."""
