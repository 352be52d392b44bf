"""publiccode.yml out of and into the portal (docs/architecture.md, "Open data").

``export``: the publiccode.yml of a published software project (one with a
repository URL); ``importer``: a publiccode.yml someone uploads or pastes, read
with limits, mapped onto the project form; ``vocabulary``: the mappings
between the portal's phases and topics and the standard's values.
"""

from projects.publiccode.export import (
    PUBLICCODE_YML_VERSION,
    dump_yaml,
    publiccode_document,
    publiccode_projects,
    publiccode_yaml,
)
from projects.publiccode.importer import MAX_BYTES, PubliccodeImport, read_publiccode

__all__ = [
    "MAX_BYTES",
    "PUBLICCODE_YML_VERSION",
    "PubliccodeImport",
    "dump_yaml",
    "publiccode_document",
    "publiccode_projects",
    "publiccode_yaml",
    "read_publiccode",
]
