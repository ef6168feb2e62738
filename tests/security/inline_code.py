"""Finds what a Content-Security-Policy without 'unsafe-inline' would block in an HTML page:
inline <script> and <style>, style="" and on…="" attributes and javascript: links."""

from html.parser import HTMLParser

# Script elements that hold data, not code (json_script): CSP does not run them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self.found.append(f"line {line}: inline <script>")
        if tag == "style":
            self.found.append(f"line {line}: inline <style>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"line {line}: style attribute on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"line {line}: {name} handler on <{tag}>")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"line {line}: javascript: URL on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found
