"""Review mode in the window: controller, comments, explanations, status and sign-off, compare, PDF."""
