"""Real documents bundled with kehoach: `kehoach extract` with no FILE reads these."""
