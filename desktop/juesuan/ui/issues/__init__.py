"""The issues panel: every finding of the open project, double-click to jump to its cell."""
