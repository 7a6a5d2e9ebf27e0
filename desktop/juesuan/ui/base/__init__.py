"""What every room of the window builds on: the Qt document with its undo commands and marks, the style, the window's narrow interface."""
