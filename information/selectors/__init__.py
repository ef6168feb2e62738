"""Information's reads."""
