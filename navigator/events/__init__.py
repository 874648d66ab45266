"""Events and recurring sessions (info sessions, welcome days, language cafés)."""
