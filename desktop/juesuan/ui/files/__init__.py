"""The file side of a window: new/open/save, lock, autosave and recovery, Excel import and export."""
