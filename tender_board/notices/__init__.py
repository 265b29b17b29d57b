"""Notices: the kinds of notice, drafting, and four-eyes approval and publication."""
