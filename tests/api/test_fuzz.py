"""Schema fuzzing of the whole REST API with schemathesis.

Every operation of /api/schema/ gets generated requests — valid ones and ones
that break the schema (wrong types, out-of-range numbers, NUL bytes, missing
fields, wrong media types, methods it does not have) — as anonymous, as
municipal staff, as coordinator and as ministry, each with a bearer token,
against the demo network in PostgreSQL. Every default check of schemathesis
runs: no 5xx, every answer documented (status, content type, headers, body),
schema-violating requests refused, schema-valid ones accepted, a removed
token refused, ``Allow`` on a 405, …

Deterministic and bounded for CI: the seed comes from IKONE_FUZZ_SEED
(default fixed), Hypothesis is derandomized without an example database, each
operation gets a bounded number of generated examples per actor
(IKONE_FUZZ_EXAMPLES, default 3) and the coverage phase's boundary values go
out once per operation (IKONE_FUZZ_COVERAGE=all: as every actor). For a deeper
run: IKONE_FUZZ_SEED=$RANDOM IKONE_FUZZ_EXAMPLES=50 IKONE_FUZZ_COVERAGE=all.
"""

import json
import os
import zlib

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.api.fuzzing import WSGI_APP, generate_schema, known_keys

pytestmark = pytest.mark.fuzz

# Values that broke or could break the API before (NUL bytes PostgreSQL
# refuses, numbers beyond any column, impossible dates, overlong text); the
# generator puts them into parameters and bodies now and then.
HOSTILE = {
    "hostile-strings": [
        "\x00",
        "Speyer\x00",
        "x" * 1000,
        "ä" * 300,
        " ",
        "'\"\\%_*:&|!",
        "-",
        ",",
        "null",
        "9" * 40,
        "-1",
        "1e400",
        "NaN",
        "Infinity",
        "0000-00-00",
        "2019-02-30",
        "2019-04-25T10:00:00+16:00",
        "\U0001f642",
    ],
    "hostile-integers": [0, -1, 2**31, 2**63, -(2**63) - 1, 10**30],
    "hostile-numbers": [1e308, -1e308, 1e-30, 1e20, 0.001, 123456789012345.678],
}

# Parameters and fields that name other objects get a real one half the time.
REFERENCES = {
    "query.municipality": "municipalities",
    "query.lead_municipality": "municipalities",
    "query.host": "municipalities",
    "query.project": "projects",
    "query.topic": "topics",
    "query.program": "programs",
    "query.user": "emails",
    "body.municipality": "municipalities",
    "body.lead_municipality": "municipalities",
    "body.partners[*]": "municipalities",
    "body.project": "projects",
    "body.topics[*]": "topics",
    "body.user": "emails",
}

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": int(os.environ.get("IKONE_FUZZ_SEED", "20190425")),
        "dictionaries": {
            name: {"values": values} for name, values in {**HOSTILE, **known_keys()}.items()
        },
        "parameters": {
            key: {"dictionary": name, "probability": 0.5} for key, name in REFERENCES.items()
        },
        "generation": {
            "mode": "all",
            "max-examples": int(os.environ.get("IKONE_FUZZ_EXAMPLES", "3")),
            "deterministic": True,
            "database": "none",
            # Only the actor's bearer token authenticates; no invented credentials.
            "with-security-parameters": False,
            "dictionaries": {
                kind: {"dictionary": f"hostile-{kind}s", "probability": 0.2}
                for kind in ("string", "integer", "number")
            },
        },
        "phases": {
            "examples": {"enabled": False},
            # Boundary values of every parameter and field, deterministically.
            "coverage": {
                "enabled": True,
                # Methods an operation does not have: 405 from the router, and
                # DRF's metadata answer to OPTIONS. Every other method is a 405
                # in the same way; testing each of them buys nothing.
                "unexpected-methods": ["DELETE", "OPTIONS", "TRACE"],
                "generate-duplicate-query-parameters": False,
            },
        },
    }
)

schema = schemathesis.openapi.from_dict(generate_schema(), config=CONFIG)
schema.app = WSGI_APP

# Existing objects by path: about half of the generated requests name one of
# them instead of an invented key, so they get past the 404 to the real work.
KNOWN: dict[str, list] = {}


@pytest.fixture(autouse=True)
def _known_objects(fuzz_network):
    KNOWN.clear()
    KNOWN.update(fuzz_network.keys)


def _name_an_existing_object(case) -> None:
    """Swap the generated path keys for an existing object's in every other case.

    Chosen by a checksum of the generated keys, so the same case always gets
    the same object; done here rather than in a generation hook because the
    coverage phase builds its cases without the hooks.
    """
    if not case.path_parameters or _path_is_invalid(case):
        return
    generated = json.dumps(case.path_parameters, sort_keys=True, default=str).encode()
    checksum = zlib.crc32(generated)
    if checksum % 2:
        return
    prefixes = [prefix for prefix in KNOWN if case.operation.path.startswith(prefix)]
    if not prefixes or not (values := KNOWN[max(prefixes, key=len)]):
        return
    value = values[checksum // 2 % len(values)]
    if "{obligation_id}" in case.operation.path:
        grant_id, obligation_id = value
        case.path_parameters = {"id": grant_id, "obligation_id": obligation_id}
    else:
        case.path_parameters = {"slug" if "{slug}" in case.operation.path else "id": value}


def _path_is_invalid(case) -> bool:
    """A case that breaks the schema keeps its path parameters, unless the
    broken part is clearly its query or body and its path is valid."""
    if case.meta is None or case.meta.generation.mode.is_positive:
        return False
    components = case.meta.components
    path = components.get(ParameterLocation.PATH)
    broken_elsewhere = any(
        components[location].mode.is_negative
        for location in (ParameterLocation.QUERY, ParameterLocation.BODY)
        if location in components
    )
    return not (path is not None and path.mode.is_positive and broken_elsewhere)


def _not_applicable(case) -> list:
    """A case schemathesis itself describes as a "(default) positive test case"
    (schema-valid values) can still be tagged negative when its path values
    come from its pool of values seen in earlier answers: a valid request for
    an existing document, which must succeed. Only for such a case, the check
    that invalid data is refused does not apply."""
    description = (case.meta.phase.data.description or "") if case.meta else ""
    if description.lower().endswith("positive test case"):
        return [negative_data_rejection]
    return []


# The coverage phase sends the same deterministic boundary values of every
# parameter and field (hundreds for a project body); they test the schema
# and its validation, which do not depend on who asks. By default they are
# sent as the coordinator, who may use every operation; the generated
# requests of the fuzzing phase go out as every actor. IKONE_FUZZ_COVERAGE=all
# sends the boundary values as every actor too (slower).
COVERAGE_FOR_ALL = os.environ.get("IKONE_FUZZ_COVERAGE", "coordinator") == "all"


def _boundary_values_sent_by_another_actor(case, actor) -> bool:
    return (
        not COVERAGE_FOR_ALL
        and actor.name != "coordinator"
        and case.meta is not None
        and case.meta.phase.name.value == "coverage"
    )


@schema.parametrize()
# The actor and the data are set up once per operation, not per example (on
# purpose); a loaded CI machine must not fail on timing.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_answers_every_request_as_documented(case, actor, wsgi_app):
    if _boundary_values_sent_by_another_actor(case, actor):
        return
    _name_an_existing_object(case)
    response = case.call(headers=actor.headers)
    errors = wsgi_app.pop_errors()
    assert not errors, f"{case.method} {case.formatted_path}:\n" + "\n".join(errors)
    # All of schemathesis' default checks; those that send more requests (the
    # same one without the token, …) send them to the same application.
    case.validate_response(
        response,
        headers=actor.headers,
        transport_kwargs={"headers": actor.headers},
        excluded_checks=_not_applicable(case),
    )
