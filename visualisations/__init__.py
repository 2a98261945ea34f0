"""Interactive network views of a partnership (a later issue builds them)."""
