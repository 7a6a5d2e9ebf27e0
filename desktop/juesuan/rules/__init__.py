"""Rule engine: formula language, rule files, evaluation."""
