"""The 决算 tables: model, view, page, spanning header, delegate, frozen columns, clipboard, subject picker."""
