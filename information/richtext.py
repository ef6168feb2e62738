"""Rich text written by the municipality (pages, focus-area goals, stories, news): HTML from
the admin's editor, kept to what a page of prose needs and sanitised by nh3 (the maintained
Ammonia sanitiser) both when it is stored and when it is shown.

Allowed: headings h2–h4 (the page's own title is its h1), paragraphs, line breaks, lists,
block quotes, bold and italic, and links to http(s), mailto and tel addresses, which always
get ``rel="noopener noreferrer"``. Everything else (scripts, styles, event attributes such as
onclick, ``javascript:`` links, images, tables) is removed, keeping the text inside.

Shown inside a section whose heading is lower than h1, the content's headings are moved
down (``render(html, top=3)``: h2 becomes h3) so the page's heading order holds."""

import html as html_module
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

HEADINGS = ("h2", "h3", "h4")
TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "blockquote", "a", *HEADINGS}
ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "noopener noreferrer"
_HEADING = re.compile(r"<(/?)h([1-6])>")
_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote)>")
_EMPTY = re.compile(r"^(\s|<p>(\s|<br>|&nbsp;)*</p>)*$")


def clean(html: str) -> str:
    """``html`` as it may be stored: the allowed tags and attributes only; an editor's empty
    document (``<p></p>``) is the empty string."""
    html = (html or "").strip()
    if not html:
        return ""
    # h1 (pasted from elsewhere) becomes h2, h5/h6 become h4: the editor offers h2–h4.
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(max(int(m[2]), 2), 4)}>", html)
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
    return "" if _EMPTY.match(cleaned) else cleaned


def render(html: str, top: int = 2) -> SafeString:
    """Stored rich text for a page, sanitised again, its headings starting at ``h{top}``."""
    cleaned = clean(html)
    shift = max(top - 2, 0)
    if shift:
        cleaned = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", cleaned)
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def plain(html: str) -> str:
    """The text of ``html`` without tags (summaries, emails, announcements)."""
    spaced = _BLOCK_END.sub(lambda m: m[0] + " ", clean(html)).replace("<br>", " ")
    text = nh3.clean(spaced, tags=set())
    return " ".join(html_module.unescape(text).split())
