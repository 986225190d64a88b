"""Plain-text helpers shared by ingestion (sources) and extraction (claims.extraction).

Plain Python, no Django and no app imports: both layers depend on it, it depends on neither.
"""
