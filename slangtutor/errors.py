"""slangtutor's own exceptions. The core raises these; only cli.py turns them into exit codes."""


class SlangTutorError(Exception):
    """Base class: a user-level failure with a one-line message."""


class DataError(SlangTutorError):
    """One or more decks failed validation. `problems` holds every message, one per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = self.problems[0] if self.problems else "invalid data"
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(head + more)


class RudeNotIncluded(SlangTutorError):
    """A filter asked for rude or vulgar entries without --include-rude."""

    def __init__(self, register: str):
        super().__init__(f"--register {register}: rude and vulgar entries are included only "
                         "with --include-rude")


class QueryError(SlangTutorError):
    """A query that cannot be searched: empty, too long, control characters, bad encoding."""


class ExportError(SlangTutorError):
    """An export that cannot be written: unknown format, existing file, bad path, full disk."""


class ProgressError(SlangTutorError):
    """The progress database cannot be used: locked too long, unreadable, or from a newer version."""


class ProgressCorrupt(ProgressError):
    """The progress database file is damaged. `path` names it; nothing has been moved or deleted."""

    def __init__(self, path, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(
            f"progress file {path} is damaged ({' '.join(str(detail).split())}); run "
            "'slangtutor quiz --reset-corrupt' to move it aside (nothing is deleted) and go on "
            "from your newest good backup"
        )
