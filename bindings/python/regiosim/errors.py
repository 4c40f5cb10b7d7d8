"""The exceptions the engine's errors become (the compiled module raises these)."""


class RegiosimError(Exception):
    """Any other engine failure."""


class ConfigError(RegiosimError, ValueError):
    """Invalid scenario input: str(e) is the CLI's one-line FILE:LINE:COLUMN: key.path: message."""

    def __init__(self, text, file="", line=0, column=0, key_path="", message=""):
        super().__init__(text)
        self.file = file
        self.line = line
        self.column = column
        self.key_path = key_path
        self.message = message


class ModelError(RegiosimError):
    """The model reached a state it must not continue from (NaN or Inf)."""


class ResultFileError(RegiosimError, OSError):
    """Reading or writing a result file failed."""
