"""Data the application ships: table templates, rules, catalogs, schemes, samples."""
