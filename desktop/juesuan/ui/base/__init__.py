"""What every room of the window builds on: the Qt document with its undo commands and marks, the style, and
the narrow interface through which controllers see the window."""
