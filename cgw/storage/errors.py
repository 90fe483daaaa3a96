"""Problems opening or using the database, phrased for the user in one line."""


class DatabaseError(Exception):
    """A problem opening the database, phrased for the user in one line."""


class DatabaseLocked(DatabaseError):
    pass
