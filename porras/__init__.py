"""Porras: the tiered client process of Finnish working-age social services."""
