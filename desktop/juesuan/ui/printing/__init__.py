"""Printing the tables with Qt: draws the page layout that juesuan.publishing.pages computes."""
