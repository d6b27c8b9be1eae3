"""The Finnish personal identity code (henkilötunnus), validated with python-stdnum.

Format DDMMYY + century sign + individual number + check character. Century
signs: + (1800s); - Y X W V U (1900s); A B C D E F (2000s). Individual numbers
900–999 are temporary codes, accepted and marked as such.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import hetu as stdnum_hetu

CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
_SHAPE = re.compile(r"^(?P<date>\d{6})(?P<sign>.)(?P<individual>\d{3})(?P<check>[0-9A-Z])$")


@dataclass(frozen=True)
class Hetu:
    value: str
    birth_date: dt.date
    temporary: bool


def parse_hetu(raw: str, *, today: dt.date | None = None) -> Hetu:
    """Return the normalised code or raise ValidationError naming what is wrong."""
    value = (raw or "").strip().upper()
    if len(value) != 11:
        raise ValidationError(
            _("A personal identity code has 11 characters (e.g. 131052-308T); this has %(n)s."),
            code="length",
            params={"n": len(value)},
        )
    match = _SHAPE.match(value)
    if not match:
        raise ValidationError(
            _(
                "A personal identity code is six digits of the birth date, a century sign, "
                "three digits and a check character (e.g. 131052-308T)."
            ),
            code="format",
        )
    sign = match["sign"]
    if sign not in CENTURIES:
        raise ValidationError(
            _(
                "%(sign)s is not a century sign. Allowed: + (1800s), - Y X W V U (1900s), "
                "A B C D E F (2000s)."
            ),
            code="century",
            params={"sign": sign},
        )
    digits = match["date"]
    try:
        birth_date = dt.date(CENTURIES[sign] + int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        raise ValidationError(
            _("The birth date %(date)s in the identity code is not a real date."),
            code="date",
            params={"date": f"{digits[:2]}.{digits[2:4]}.{digits[4:]}"},
        ) from None
    if today is not None and birth_date > today:
        raise ValidationError(
            _("The birth date in the identity code is in the future: check the century sign."),
            code="future",
        )
    individual = int(match["individual"])
    if individual < 2:
        raise ValidationError(
            _("The individual number %(number)s is not in use (numbers start from 002)."),
            code="individual",
            params={"number": match["individual"]},
        )
    try:
        stdnum_hetu.validate(value, allow_temporary=True)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _(
                "The check character %(check)s does not match the rest of the code: "
                "check the digits."
            ),
            code="checksum",
            params={"check": match["check"]},
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("This is not a valid personal identity code."), code="invalid"
        ) from None
    return Hetu(value=value, birth_date=birth_date, temporary=individual >= 900)
