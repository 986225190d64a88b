"""Input and output serializers by resource, each listing its fields; outputs read only prefetched data.

Outputs never query per row: the selectors in claims/selectors/ load speakers, appearances, latest
reviews and counts for the whole page. Import from the resource's module; this package re-exports nothing.
"""
