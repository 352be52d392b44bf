"""Read a publiccode.yml someone uploads or pastes and map it onto the project form.

Untrusted input (docs/architecture.md, "Untrusted input"), so before anything
is read as YAML: at most ``MAX_BYTES`` and UTF-8 only. The YAML is read with
PyYAML's safe loader in two steps: composing gives the node graph with line
numbers, then the graph's size *with every alias expanded* is counted
(memoised per node, so counting is linear in the file) and a file that would
expand beyond ``MAX_EXPANDED_NODES`` — a "billion laughs" — or nests deeper
than ``MAX_DEPTH`` is refused before any Python object is built. Only then
are the nodes constructed and checked against the keys the portal reads
(``IMPORT_SCHEMA``, a subset of the standard); each problem names its key and
line, in German.
"""

from dataclasses import dataclass, field
from typing import Any

import jsonschema
import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from projects.licences import parse_spdx
from projects.publiccode.vocabulary import STATUS_TO_PHASE, topic_slugs_for

MAX_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 20_000
MAX_DEPTH = 50
MAX_PROBLEMS = 20

_TEXT = {"type": "string"}
_URL = {"type": "string", "pattern": "^https?://[^\\s]+$"}
IMPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["publiccodeYmlVersion", "name", "url", "description", "legal"],
    "properties": {
        "publiccodeYmlVersion": _TEXT,
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "url": _URL,
        "landingURL": _URL,
        "developmentStatus": {"enum": list(STATUS_TO_PHASE)},
        "categories": {"type": "array", "items": _TEXT},
        "platforms": {"type": "array", "items": _TEXT},
        "description": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["shortDescription"],
                "properties": {
                    "localisedName": _TEXT,
                    "shortDescription": {"type": "string", "maxLength": 500},
                    "longDescription": {"type": "string", "maxLength": 20_000},
                    "features": {"type": "array", "items": _TEXT},
                },
            },
        },
        "legal": {
            "type": "object",
            "required": ["license"],
            "properties": {"license": {"type": "string", "minLength": 1, "maxLength": 100}},
        },
        "dependsOn": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"type": "object", "required": ["name"], "properties": {"name": _TEXT}},
            },
        },
    },
}
# Keys the portal takes over; everything else is listed as "not taken over".
MAPPED_KEYS = {
    "publiccodeYmlVersion",
    "name",
    "url",
    "landingURL",
    "developmentStatus",
    "categories",
    "description",
    "legal",
    "dependsOn",
}
# The texts of a language the portal reads.
MAPPED_DESCRIPTION_KEYS = {"localisedName", "shortDescription", "longDescription", "features"}


@dataclass
class PubliccodeImport:
    """What a file fills in (``initial``, for the project form) and what it had
    that the portal has no place for (``unmapped``, dotted keys)."""

    initial: dict[str, Any] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)


class _Loader(yaml.SafeLoader):
    pass


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise _refuse(
            _("Die Datei ist größer als 1 MB. Eine publiccode.yml ist wenige Kilobyte groß."),
            "too_large",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(
            _(
                "Die Datei ist nicht in UTF-8 kodiert (ungültiges Byte an Position "
                "%(position)s). Bitte als UTF-8 speichern."
            )
            % {"position": error.start + 1},
            "not_utf8",
        ) from None
    if "\x00" in text:
        raise _refuse(_("Die Datei enthält Nullbytes und ist keine YAML-Datei."), "not_utf8")
    return text


def _expanded_size(root: yaml.Node) -> int:
    """Nodes the document would have with every alias expanded (iterative,
    memoised per node: linear in the file however the aliases nest)."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if depth > MAX_DEPTH:
            raise _refuse(
                _("Die Datei ist tiefer als %(depth)s Ebenen verschachtelt.")
                % {"depth": MAX_DEPTH},
                "too_deep",
            )
        children = _children(node)
        if children_done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_EXPANDED_NODES:
                raise _too_many()
            continue
        if key in on_path:
            raise _refuse(_("Die Datei verweist mit einem Alias auf sich selbst."), "recursive")
        on_path.add(key)
        stack.append((node, depth, True))
        for child in children:
            if id(child) in on_path:
                raise _refuse(_("Die Datei verweist mit einem Alias auf sich selbst."), "recursive")
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))
    return sizes[id(root)]


def _too_many() -> ValidationError:
    return _refuse(
        _(
            "Die Datei ist zu umfangreich: mit allen Verweisen (Anker und Aliase) aufgelöst "
            "hätte sie mehr als %(limit)s Einträge. Eine publiccode.yml braucht keine "
            "Verweise."
        )
        % {"limit": f"{MAX_EXPANDED_NODES:,}".replace(",", ".")},
        "too_many_nodes",
    )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _lines(node: yaml.Node, path: tuple = (), found: dict | None = None) -> dict[tuple, int]:
    """Line (1-based) of each key path of the composed document (aliases not followed)."""
    found = {} if found is None else found
    if path in found:
        return found
    found[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found[(*path, key.value)] = key.start_mark.line + 1
                if isinstance(value, yaml.MappingNode | yaml.SequenceNode):
                    _lines(value, (*path, key.value), found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), found)
    return found


def _line_of(lines: dict[tuple, int], path: tuple) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _key_name(path: tuple) -> str:
    return ".".join(str(part) for part in path) or _("(Dokument)")


def _load(text: str) -> tuple[Any, dict[tuple, int]]:
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            raise _refuse(
                _("Zeile %(line)s: Die Datei ist kein gültiges YAML.") % {"line": line},
                "invalid_yaml",
            ) from None
        except yaml.YAMLError:
            raise _refuse(_("Die Datei ist kein gültiges YAML."), "invalid_yaml") from None
        except RecursionError:
            raise _refuse(
                _("Die Datei ist tiefer als %(depth)s Ebenen verschachtelt.")
                % {"depth": MAX_DEPTH},
                "too_deep",
            ) from None
        if node is None:
            raise _refuse(_("Die Datei ist leer."), "empty")
        _expanded_size(node)
        try:
            document = loader.construct_document(node)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            raise _refuse(
                _(
                    "Zeile %(line)s: Die Datei enthält einen Wert, den eine publiccode.yml "
                    "nicht enthalten kann (etwa ein YAML-Tag wie „!!python/…“)."
                )
                % {"line": mark.line + 1 if mark else 1},
                "invalid_yaml",
            ) from None
        return document, _lines(node)
    finally:
        loader.dispose()


def _schema_problems(document: Any, lines: dict[tuple, int]) -> list[str]:
    validator = jsonschema.Draft7Validator(IMPORT_SCHEMA)
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path))):
        path = tuple(error.path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            problems.append(
                _("Zeile %(line)s, Schlüssel „%(key)s“: Pflichtangabe fehlt.")
                % {"line": _line_of(lines, path), "key": _key_name((*path, missing))}
            )
            continue
        reasons = {
            "type": _("hat den falschen Typ (erwartet: %(expected)s)")
            % {"expected": _type_name(str(error.validator_value))},
            "enum": _("ist kein erlaubter Wert (erlaubt: %(values)s)")
            % {"values": ", ".join(map(str, error.validator_value))},
            "pattern": _("ist keine gültige http(s)-Adresse"),
            "maxLength": _("ist länger als %(limit)s Zeichen") % {"limit": error.validator_value},
            "minLength": _("darf nicht leer sein"),
            "minProperties": _("darf nicht leer sein"),
        }
        problems.append(
            _("Zeile %(line)s, Schlüssel „%(key)s“: %(reason)s.")
            % {
                "line": _line_of(lines, path),
                "key": _key_name(path),
                "reason": reasons.get(str(error.validator), _("ist ungültig")),
            }
        )
    return problems


def _type_name(json_type: str) -> str:
    return {
        "string": _("Text"),
        "array": _("Liste"),
        "object": _("Zuordnung von Schlüsseln zu Werten"),
        "boolean": _("Wahrheitswert"),
    }.get(json_type, json_type)


def _texts(description: dict) -> dict:
    """The texts of the German section, else the English, else the first."""
    for language in ("de", "de-DE", "en", "en-GB", "en-US"):
        if language in description:
            return description[language]
    return next(iter(description.values()))


def read_publiccode(data: bytes) -> PubliccodeImport:
    """The form's initial data from a publiccode.yml, or a ValidationError whose
    messages name each problem's key and line."""
    document, lines = _load(_decode(data))
    if not isinstance(document, dict):
        raise _refuse(
            _("Zeile 1: Eine publiccode.yml ist eine Zuordnung von Schlüsseln zu Werten."),
            "not_a_mapping",
        )
    problems = _schema_problems(document, lines)
    licence = (document.get("legal") or {}).get("license") if not problems else None
    if isinstance(licence, str):
        try:
            licence = parse_spdx(licence)
        except ValidationError as error:
            problems.append(
                _("Zeile %(line)s, Schlüssel „legal.license“: %(reason)s")
                % {"line": _line_of(lines, ("legal", "license")), "reason": error.messages[0]}
            )
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS], code="invalid_publiccode")

    texts = _texts(document["description"])
    body = texts.get("longDescription", "").strip()
    features = texts.get("features") or []
    if features:
        body = "\n\n".join(
            part for part in [body, "\n".join(f"- {feature}" for feature in features)] if part
        )
    technologies = [
        item["name"]
        for kind in ("open", "proprietary", "hardware")
        for item in (document.get("dependsOn") or {}).get(kind, [])
    ]
    initial: dict[str, Any] = {
        "title": (texts.get("localisedName") or document["name"]).strip()[:200],
        "summary": texts["shortDescription"].strip(),
        "description": body,
        "licence": licence,
        "repository_url": document["url"],
    }
    if technologies:
        initial["technologies"] = ", ".join(technologies)[:300]
    if document.get("landingURL"):
        initial["website"] = document["landingURL"]
    if document.get("developmentStatus"):
        initial["phase"] = STATUS_TO_PHASE[document["developmentStatus"]]
    topic_slugs = topic_slugs_for(document.get("categories") or [])
    if topic_slugs:
        initial["topic_slugs"] = topic_slugs

    unmapped = sorted(str(key) for key in document if key not in MAPPED_KEYS)
    for language, section in document["description"].items():
        if isinstance(section, dict):
            unmapped += sorted(
                f"description.{language}.{key}"
                for key in section
                if key not in MAPPED_DESCRIPTION_KEYS or section is not texts
            )
    unmapped += sorted(f"legal.{key}" for key in document["legal"] if key != "license")
    return PubliccodeImport(initial=initial, unmapped=unmapped)
