"""Build a demo of a real city: its divisions, boundaries, people, party organisations and logins."""
