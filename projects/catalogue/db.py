"""The connection the catalogue's own SQL reads from: the one the database router gives reads of
projects (a read replica for a visitor's request when replicas are configured, else the primary),
so that raw SQL follows the same routing as the ORM."""

from django.db import connections, router

from projects.models import Project


def read_connection():
    # the router answers "default" when no router picks a database
    return connections[router.db_for_read(Project)]
