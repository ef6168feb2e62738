"""Information's writes: pages, focus-area goals, contacts, stories and news."""
