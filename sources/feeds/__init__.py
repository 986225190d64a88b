"""Feeds: parsing (plain Python), polling and item intake services, selectors."""
