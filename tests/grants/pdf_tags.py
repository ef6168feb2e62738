"""Read what a screen reader reads in a tagged PDF made by WeasyPrint: the structure tree
(StructElem objects) and the text of each element (its marked content, decoded through the
fonts' ToUnicode maps).

Only for uncompressed PDFs as WeasyPrint writes them (``uncompressed_pdf=True``): one
dictionary per line, text shown with TJ arrays of glyph codes. Enough for tests; not a
general PDF parser.
"""

import re
from dataclasses import dataclass, field

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
REF = r"(\d+) 0 R"


@dataclass
class Element:
    number: int
    role: str  # "TH", "TD", "P", "L", ...
    kids: list = field(default_factory=list)  # Elements
    mcids: list = field(default_factory=list)  # (page object number, MCID)
    ident: str | None = None  # a TH's ID
    headers: list = field(default_factory=list)  # a TD's header IDs
    text: str = ""


def _cmap(stream: str) -> dict[str, str]:
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", stream, re.S):
        for code, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[code.lower()] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", stream, re.S):
        for low, high, start in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = int.from_bytes(bytes.fromhex(start), "big")
            for offset in range(int(high, 16) - int(low, 16) + 1):
                code = f"{int(low, 16) + offset:0{len(low)}x}"
                mapping[code] = chr(first + offset)
    return mapping


def _stream(body: str) -> str:
    return body.split("stream", 1)[1].rsplit("endstream", 1)[0]


class TaggedPdf:
    def __init__(self, pdf: bytes):
        self.objects = {int(n): body.decode("latin-1") for n, body in OBJECT.findall(pdf)}
        self.page_text = {}  # page object number -> {MCID: text}
        for number, body in self.objects.items():
            if re.match(r"<<\s*/Type /Page\b", body):
                self.page_text[number] = self._marked_text(body)
        self.elements = {
            number: self._element(number, body)
            for number, body in self.objects.items()
            if "/Type /StructElem" in body.split("\n", 1)[0]
        }
        for element in self.elements.values():
            self._fill_text(element)

    def _resolve(self, body: str, key: str) -> str:
        match = re.search(rf"/{key} (?:{REF}|(<<.*?>>))", body, re.S)
        if match is None:
            return ""
        return self.objects[int(match.group(1))] if match.group(1) else match.group(2)

    def _marked_text(self, page: str) -> dict[int, str]:
        resources = self._resolve(page, "Resources")
        fonts = {
            name: _cmap(_stream(self.objects[int(self._resolve_ref(ref, "ToUnicode"))]))
            for name, ref in re.findall(rf"/(\w+) {REF}", self._resolve(resources, "Font"))
        }
        contents = _stream(self.objects[int(re.search(rf"/Contents {REF}", page).group(1))])
        texts, mcid, font = {}, None, {}
        token = re.compile(r"<<\s*/MCID (\d+)\s*>>\s*BDC|/(\w+) [\d.]+ Tf|\[(.*?)\]\s*TJ|EMC", re.S)
        for match in token.finditer(contents):
            if match.group(1) is not None:
                mcid = int(match.group(1))
                texts.setdefault(mcid, "")
            elif match.group(2) is not None:
                font = fonts.get(match.group(2), {})
            elif match.group(3) is not None and mcid is not None:
                for code in re.findall(r"<([0-9a-fA-F]+)>", match.group(3)):
                    texts[mcid] += "".join(
                        font.get(code[i : i + 4].lower(), "\ufffd") for i in range(0, len(code), 4)
                    )
            else:
                mcid = None
        return texts

    def _resolve_ref(self, ref: str, key: str) -> str:
        return re.search(rf"/{key} {REF}", self.objects[int(ref)]).group(1)

    def _element(self, number: int, body: str) -> Element:
        head = body.split("\n", 1)[0]
        element = Element(number, re.search(r"/S /(\w+)", head).group(1))
        kids = re.search(r"/K \[(.*?)\]", head)
        page = re.search(rf"/Pg {REF}", head)
        for kid in re.findall(r"(\d+ 0 R|\d+)", kids.group(1) if kids else ""):
            if kid.endswith(" R"):
                element.kids.append(int(kid.split()[0]))
            elif page:
                element.mcids.append((int(page.group(1)), int(kid)))
        if ident := re.search(r"/ID \((.*?)\)", head):
            element.ident = ident.group(1)
        if headers := re.search(r"/Headers \[(.*?)\]", head):
            element.headers = re.findall(r"\((.*?)\)", headers.group(1))
        return element

    def _fill_text(self, element: Element) -> str:
        if not element.text:
            parts = [self.page_text.get(page, {}).get(mcid, "") for page, mcid in element.mcids]
            parts += [self._fill_text(self.elements[kid]) for kid in element.kids
                      if kid in self.elements]  # fmt: skip
            element.text = re.sub(r" {2,}", " ", " ".join(p for p in parts if p)).strip()
        return element.text

    def with_role(self, role: str) -> list[Element]:
        return [e for e in self.elements.values() if e.role == role]

    @property
    def text(self) -> str:
        """All the text, in the order of the content streams."""
        return " ".join(t for page in self.page_text.values() for t in page.values())

    def row_header_pairs(self) -> dict[str, str]:
        """Each table cell's text under the text of the header(s) it is tagged with."""
        headers = {e.ident: e.text for e in self.with_role("TH") if e.ident}
        return {
            " / ".join(headers[h] for h in cell.headers if h in headers): cell.text
            for cell in self.with_role("TD")
            if cell.headers
        }
