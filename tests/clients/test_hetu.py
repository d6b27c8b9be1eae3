import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fi import hetu as stdnum_hetu

from porras.clients.hetu import CENTURIES, parse_hetu

ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def make_hetu(born: dt.date, individual: int, sign: str | None = None) -> str:
    sign = sign or {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    digits = f"{born:%d%m}{born.year % 100:02d}"
    return f"{digits}{sign}{individual:03d}{ALPHABET[int(digits + f'{individual:03d}') % 31]}"


@pytest.mark.parametrize(
    "code",
    [
        "131052-308T",  # the classic example
        "131052Y308T",
        "131052X308T",
        "131052W308T",
        "131052V308T",
        "131052U308T",
        "010101A123N",
        "010101B123N",
        "010101F123N",
    ],
)
def test_every_century_sign_is_accepted(code):
    assert parse_hetu(code).value == code


def test_1800s_sign():
    code = make_hetu(dt.date(1895, 1, 1), 123, "+")
    assert parse_hetu(code).birth_date == dt.date(1895, 1, 1)


def test_temporary_numbers_are_accepted_and_marked():
    code = make_hetu(dt.date(1985, 3, 4), 901)
    parsed = parse_hetu(code)
    assert parsed.temporary and parsed.birth_date == dt.date(1985, 3, 4)
    assert not parse_hetu(make_hetu(dt.date(1985, 3, 4), 899)).temporary


def test_lowercase_and_spaces_are_normalised():
    assert parse_hetu(" 131052-308t ").value == "131052-308T"


@pytest.mark.parametrize(
    ("code", "code_name", "words"),
    [
        ("131052-308", "length", "11 merkkiä"),
        ("13105-2308T", "format", "kuusi numeroa"),
        ("131052G308T", "century", "G ei ole vuosisatamerkki"),
        ("310252-308T", "date", "31.02.52 ei ole oikea päivämäärä"),
        ("131052-308U", "checksum", "Tarkistusmerkki U ei täsmää"),
        ("131052-001T", "individual", "001 ei ole käytössä"),
    ],
)
def test_errors_say_in_finnish_what_is_wrong(code, code_name, words, settings):
    from django.utils import translation

    with translation.override("fi"), pytest.raises(ValidationError) as error:
        parse_hetu(code)
    assert error.value.code == code_name
    assert words in error.value.messages[0]


def test_future_birth_date_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_hetu(make_hetu(dt.date(2030, 1, 1), 123), today=dt.date(2026, 11, 25))
    assert error.value.code == "future"


@given(
    born=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    individual=st.integers(min_value=2, max_value=999),
    sign_choice=st.integers(min_value=0, max_value=5),
)
def test_generated_codes_parse_like_stdnum(born, individual, sign_choice):
    signs = [s for s, century in CENTURIES.items() if century == born.year // 100 * 100]
    code = make_hetu(born, individual, signs[sign_choice % len(signs)])
    parsed = parse_hetu(code)
    assert parsed.birth_date == born
    assert parsed.temporary == (individual >= 900)
    assert stdnum_hetu.is_valid(code, allow_temporary=True)


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)),
    individual=st.integers(min_value=2, max_value=899),
    wrong=st.sampled_from(ALPHABET),
)
def test_any_wrong_check_character_is_refused(born, individual, wrong):
    code = make_hetu(born, individual)
    if wrong == code[-1]:
        return
    with pytest.raises(ValidationError):
        parse_hetu(code[:-1] + wrong)
