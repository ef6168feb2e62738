"""What a person follows, on My page."""
