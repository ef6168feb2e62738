"""Hypothesis strategies for what a hostile or clumsy client can POST to the portal's forms.

Shared by the property tests (tests/security/test_properties_*.py): arbitrary unicode with
control characters and NUL bytes, very long strings, numbers out of range, negative money,
malformed dates, organisation numbers with bad checksums, odd email addresses, and field
names nobody asked for.
"""

from hypothesis import strategies as st

# What an HTTP form can carry: any code point but lone surrogates (not valid UTF-8).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f", "\u0085", "\u2028", "\ufeff"])

NASTY = [
    "\x00",
    "a\x00b",
    "\x00" * 5,
    " ",
    "\t\r\n",
    "'; DROP TABLE organisations_organisation; --",
    '<script>alert("x")</script>',
    "{{ request.user }}",
    "%(name)s %s {0}",
    "\u202eevil",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇸🇪 👩‍👩‍👧",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "٠١٢٣٤٥٦٧٨٩",
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1e309",
    "1E+1000",
    "-0",
    "-1",
    "-0.01",
    "0x10",
    "1_000",
    "9" * 5000,
    "1" * 30,
    "1,5",
    "12 000",
    "[]",
    "{}",
    "null",
]

nasty_text = st.sampled_from(NASTY)
unicode_text = st.text(ANY_CHARACTER, max_size=60)
control_text = st.lists(st.one_of(CONTROL, ANY_CHARACTER), max_size=30).map("".join)
long_text = st.integers(min_value=201, max_value=25_000).map(lambda n: "å" * n)

#: Any single value a text input may send.
any_text = st.one_of(nasty_text, unicode_text, control_text, long_text)

numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    nasty_text,
)
#: Amounts of money as typed, negative and absurd ones included.
money = st.one_of(
    numbers,
    st.decimals(min_value=-(10**13), max_value=10**13, places=3).map(str),
)
dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-13-01",
            "0000-00-00",
            "99999-01-01",
            "31/12/2026",
            "2026-1-1",
            "igår",
            "-2026-01-01",
            "2026-01-01T25:00",
        ]
    ),
    any_text,
)


def _digits(n: int) -> st.SearchStrategy:
    return st.text(st.sampled_from("0123456789"), min_size=n, max_size=n)


organisation_numbers = st.one_of(
    _digits(10),  # mostly a bad check digit
    _digits(10).map(lambda d: f"{d[:6]}-{d[6:]}"),
    _digits(12),
    st.just("802002-8712"),  # valid but for the check digit
    st.just("16802002-8711"),
    st.just("556016-0680"),  # a company: wrong first digit for an association
    st.just("٨٠٢٠٠٢-٨٧١١"),  # Arabic-Indic digits
    st.just("802002\x00-8711"),
    any_text,
)
emails = st.one_of(
    st.emails().map(str),
    st.sampled_from(
        [
            "inte-en-adress",
            "a@b",
            "@example.se",
            "sara@exämple.se",
            "sara\x00@example.se",
            "a" * 300 + "@example.se",
            "sara@example.se\n",
        ]
    ),
    any_text,
)

#: Field names nobody asked for, to be sent alongside the real ones.
extra_fields = st.dictionaries(
    st.one_of(
        st.text(ANY_CHARACTER, min_size=1, max_size=40),
        st.sampled_from(
            [
                "q_x__registry",
                "q_nope",
                "id",
                "pk",
                "status",
                "municipality",
                "diarienummer",
                "answers",
                "q_\x00",
                "__proto__",
            ]
        ),
    ),
    st.one_of(any_text, st.lists(any_text, min_size=2, max_size=3)),
    max_size=4,
)


def optional_fields(fields: dict) -> st.SearchStrategy:
    """Each field present or missing, plus extra fields."""
    return st.tuples(st.fixed_dictionaries({}, optional=fields), extra_fields).map(
        lambda pair: {**pair[1], **pair[0]}
    )
