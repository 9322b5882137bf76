"""Reading published rectification notices (placeholder; the parser issue fills it)."""
