"""The shell: application start-up, the main window that assembles the rooms, the dialogs, the crash handler."""
