from django.utils.translation import gettext_lazy as _

from .formatting import Qualifier, Unit


def value_error(value, *, unit: str, qualifier: str):
    """Why `value` cannot be stored for `unit`, in the editor's language; None when it can.

    The formatter validates too (stats.formatting.validate_value), but its messages are for
    developers; these are the ones editors read in the admin.
    """
    if value is None:
        return None
    if unit == Unit.PERCENT and not 0 <= value <= 100:
        return _("A percentage must be between 0 and 100.")
    if unit == Unit.COUNT and value < 0:
        return _("A count cannot be negative.")
    if unit == Unit.RANK:
        if value < 1 or value != value.to_integral_value():
            return _("A rank must be a whole number of at least 1 (1 is first place).")
        if qualifier != Qualifier.EXACT:
            return _("A rank is exact: choose “exactly” as its qualifier.")
    return None


def missing_translations(instance, fields, languages=("it", "en")) -> dict:
    """{field_xx: message} for copy fields left empty in a language: both editions show them."""
    errors = {}
    for field in fields:
        for language in languages:
            if not getattr(instance, f"{field}_{language}", None):
                errors[f"{field}_{language}"] = _("Fill this in for every language: readers of each edition see it.")
    return errors
