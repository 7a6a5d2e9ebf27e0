"""The 绩效自评 forms in the window: pages, layout, model, view, delegate, undo commands, scheme dialog."""
