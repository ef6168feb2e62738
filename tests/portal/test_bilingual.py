"""portal.bilingual: content in the reader's language, Swedish where none was written."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from portal.bilingual import is_translated, pick

PAGE = SimpleNamespace(
    title_sv="Så samverkar vi", title_en="How we collaborate", body_sv="Text", body_en=""
)


def test_the_readers_language_and_swedish_where_not_translated():
    with translation.override("en"):
        assert pick(PAGE, "title") == "How we collaborate"
        assert pick(PAGE, "body") == "Text"
        assert not is_translated(PAGE, "body")
    with translation.override("sv"):
        assert pick(PAGE, "title") == "Så samverkar vi"
        assert is_translated(PAGE, "body")
    assert pick(PAGE, "title", "en-gb") == "How we collaborate"


def test_the_template_tag_reads_the_same_way():
    template = Template('{% load languages %}{% bilingual page "title" %}')
    with translation.override("en"):
        assert template.render(Context({"page": PAGE})) == "How we collaborate"
    with translation.override("sv"):
        assert template.render(Context({"page": PAGE})) == "Så samverkar vi"
