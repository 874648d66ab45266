"""The one exception type the rule engine raises on bad rules or data."""


class JsonLogicError(ValueError):
    """A rule (or the data it reads) cannot be evaluated the way json-logic-js would.

    Raised for unknown operators, arguments JavaScript would throw on (``{"in": ["a"]}``),
    rules nested deeper than the engine allows, and values that are not JSON. Callers can
    rely on no other exception type escaping the engine for any JSON rule and data.
    """
