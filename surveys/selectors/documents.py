"""A consultation's draft text in sections: a line of its own beginning with "#" starts a
section (its heading); text before the first heading is the preamble."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


def sections(text: str) -> list[Section]:
    found, heading, lines = [], "", []
    for line in (text or "").splitlines():
        if line.startswith("#"):
            if heading or "".join(lines).strip():
                found.append(Section(heading, "\n".join(lines).strip()))
            heading, lines = line.lstrip("#").strip(), []
        else:
            lines.append(line)
    if heading or "".join(lines).strip():
        found.append(Section(heading, "\n".join(lines).strip()))
    return found


def headings(text: str) -> list[str]:
    return [s.heading for s in sections(text) if s.heading]
