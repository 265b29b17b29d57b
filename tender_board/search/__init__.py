"""Full-text search (全文检索) over published tenders, in Chinese and English.

Every tender has one row of search text: its title, description and mission in both languages,
and the prose of every published notice. Database triggers keep that row in step (see the search
index migration), so whatever writes a tender or publishes a notice, bulk loaders included, the
index follows. `terms` reads what a reader typed; `matching` turns it into a condition on tenders.
"""

from .query import excerpt, highlight, matching, terms

__all__ = ["excerpt", "highlight", "matching", "terms"]
