"""Item statistics over stored attempts: the pure analysis of ``itembank.statistics`` wired to
the database, cached per exam, served as JSON, CSV, PDF and in the terminal."""
