"""Review mode's core (no Qt): explanations, comments, status and sign-off, compare, report, summary."""
