"""The running header and footer of a PDF print CSS strings: a name or a case reference
with quotes, an apostrophe or `</style>` in it prints as typed and cannot end the string
or the stylesheet."""

from __future__ import annotations

import tinycss2

from reporting.templatetags.pdf_text import css_string


def _parsed_string(css_value: str) -> str:
    tokens = [t for t in tinycss2.parse_component_value_list(css_value) if t.type != "whitespace"]
    assert len(tokens) == 1 and tokens[0].type == "string", tokens
    return tokens[0].value


def test_a_name_with_an_apostrophe_prints_as_typed_not_as_an_html_entity():
    value = css_string("Exported by ", "Siobhan O'Neill")
    assert "&#" not in value
    assert _parsed_string(value) == "Exported by Siobhan O'Neill"


def test_quotes_backslashes_and_a_closing_style_tag_stay_inside_the_string():
    typed = 'Eve "\\" </style><img src="file:///etc/passwd"> & co'
    value = css_string(typed)
    assert "</style>" not in value and "<" not in value
    assert _parsed_string(value) == typed


def test_missing_parts_are_left_out_and_other_values_are_printed():
    assert _parsed_string(css_string("Case ", None, 42)) == "Case 42"
