"""Read side of the public catalogue: search parameters, facets, clusters, trends, similarity.

Every module here only reads; views, the API, feeds and exports call
``projects.catalogue.search`` and these helpers, never raw SQL of their own.
"""
