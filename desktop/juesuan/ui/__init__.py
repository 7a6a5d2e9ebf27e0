"""Qt layer: views and adapters over the pure core."""
