"""Interactive network views of a partnership (the views issue builds them).

A view is made from a :class:`graph_model.Partnership` and, to highlight an answer, a
named query's result reached through :mod:`queries.registry`; it never reads files or
settings itself (that is :mod:`api`'s job).
"""
