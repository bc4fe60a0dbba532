"""Exit codes and the errors that map to them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit statuses (documented in README)."""

    OK = 0  # nothing at or above --fail-on
    FINDINGS = 1  # findings at or above --fail-on (or a failed --gate)
    ERROR = 2  # usage, input, rule or configuration error


class AuditorError(Exception):
    """An error shown to the user as one line; never a traceback."""

    exit_code = ExitCode.ERROR


class InputError(AuditorError):
    """A file that cannot be read or decoded."""


class RuleError(AuditorError):
    """An invalid rule file; the message is `file:line: problem`."""


class ConfigError(AuditorError):
    """An invalid configuration value or file."""
