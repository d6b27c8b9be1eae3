"""Core has no tables of its own (this module lets it receive post_migrate)."""
