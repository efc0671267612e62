"""What a browser would read from a page: its forms and the values they would post, its links."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# A browser keeps an input's value only when it is valid for the input's type, and empties it
# otherwise (HTML's value sanitization): ``<input type="date" value="05-12-2026">`` shows nothing
# and posts nothing.
VALID_VALUE = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "number": re.compile(r"-?(\d+|\d*\.\d+)([eE][-+]?\d+)?"),
}


def sanitized(kind: str, value: str) -> str:
    pattern = VALID_VALUE.get(kind)
    return value if pattern is None or pattern.fullmatch(value) else ""


TEXT_TYPES = {"text", "number", "date", "datetime-local", "time", "email", "tel", "url", "search", "hidden", "month"}


@dataclass
class Control:
    tag: str
    type: str
    name: str
    value: str
    checked: bool = False
    disabled: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # select: (value, selected)
    multiple: bool = False


@dataclass
class PageForm:
    method: str
    action: str
    controls: list[Control] = field(default_factory=list)
    submitters: list[Control] = field(default_factory=list)

    def shown(self) -> list[Control]:
        """The controls a person sees and may change (not hidden, not disabled)."""
        return [c for c in self.controls if c.type != "hidden" and not c.disabled]

    def data(self) -> list[tuple[str, str]]:
        """What the browser posts when the form is sent as it is, with its first submit button."""
        pairs = []
        for c in self.controls:
            if c.disabled or not c.name or c.type == "file":
                continue
            if c.tag == "select":
                chosen = [v for v, selected in c.options if selected]
                if not chosen and c.options and not c.multiple:
                    chosen = [c.options[0][0]]
                pairs += [(c.name, v) for v in chosen]
            elif c.type in ("checkbox", "radio"):
                if c.checked:
                    pairs.append((c.name, c.value or "on"))
            else:
                pairs.append((c.name, c.value))
        if self.submitters and self.submitters[0].name:
            pairs.append((self.submitters[0].name, self.submitters[0].value))
        return pairs


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.links: list[dict] = []
        self._form: PageForm | None = None
        self._select: Control | None = None
        self._option: list | None = None
        self._textarea: Control | None = None
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self._link = {"href": a["href"], "attrs": a, "text": ""}
            self.links.append(self._link)
        if tag == "form":
            self._form = PageForm(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        disabled = "disabled" in a
        if tag == "input":
            kind = a.get("type", "text").lower()
            value = sanitized(kind, a.get("value", ""))
            control = Control("input", kind, a.get("name", ""), value, "checked" in a, disabled)
            if kind in ("submit", "image"):
                form.submitters.append(control)
            elif kind not in ("button", "reset"):
                form.controls.append(control)
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                form.submitters.append(Control("button", "submit", a.get("name", ""), a.get("value", "")))
        elif tag == "select":
            self._select = Control(
                "select", "select", a.get("name", ""), "", disabled=disabled, multiple="multiple" in a
            )
            form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select.options.append(("", False))
        elif tag == "textarea":
            self._textarea = Control("textarea", "textarea", a.get("name", ""), "", disabled=disabled)
            form.controls.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data
        if self._link is not None:
            self._link["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "a":
            self._link = None
        elif tag == "textarea" and self._textarea is not None:
            # A newline right after <textarea> is not part of its value.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select.options[-1] = (text.strip() if value is None else value, selected)
            self._option = None
        elif tag == "select":
            self._select = None


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def forms_of(html: str) -> list[PageForm]:
    return read(html).forms


def links_of(html: str) -> list[dict]:
    return read(html).links
