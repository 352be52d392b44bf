"""The publiccode.yml validator over the projects of a database (issue 14).

    python -m bench.publiccode_check [--sample 1000] [--seed 14]

Builds the publiccode.yml of published projects (all of them, or a random
sample) and validates each against the standard's published JSON schema (the
copy pinned in tests/projects/data/publiccode). Projects that are not software
(no repository URL) are checked as if their portal page were the repository
and, where they have no licence, as if it were EUPL-1.2, so that everything
else the export writes is checked for every project; the counts of those
stand-ins are reported. Prints the number valid and each kind of error.
"""

import argparse
import json
import os
import random
from collections import Counter
from pathlib import Path

SCHEMA = (
    Path(__file__).resolve().parents[1] / "tests/projects/data/publiccode/publiccode.schema.json"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="projects to check (0: all)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")
    import django

    django.setup()
    import jsonschema
    import yaml

    from projects.models import Project
    from projects.publiccode import dump_yaml, publiccode_document, publiccode_projects

    validator = jsonschema.Draft7Validator(
        json.loads(SCHEMA.read_text()), format_checker=jsonschema.FormatChecker()
    )
    ids = list(Project.objects.published().order_by("pk").values_list("pk", flat=True))
    if args.sample and args.sample < len(ids):
        ids = sorted(random.Random(args.seed).sample(ids, args.sample))  # noqa: S311 - a sample
    # The export's own query, for these projects (software or not).
    projects = publiccode_projects(Project.objects.filter(pk__in=ids))
    errors: Counter[str] = Counter()
    valid = software = stand_in_licence = 0
    for project in projects.iterator(chunk_size=500):
        software += bool(project.repository_url)
        if not project.licence:
            project.licence = "EUPL-1.2"
            stand_in_licence += 1
        # The YAML the portal sends, read back: what a consumer validates.
        document = yaml.safe_load(dump_yaml(publiccode_document(project)))
        found = [
            f"{'.'.join(map(str, error.path)) or '(root)'}: {error.validator}"
            for error in validator.iter_errors(document)
        ]
        errors.update(found)
        valid += not found
    print(f"projects checked: {len(ids)} (software with repository: {software}, "
          f"licence stood in: {stand_in_licence})")  # fmt: skip
    print(f"valid against the publiccode.yml JSON schema: {valid} of {len(ids)}")
    for message, count in errors.most_common():
        print(f"  {count:6d}  {message}")
    return 0 if valid == len(ids) else 1


if __name__ == "__main__":
    raise SystemExit(main())
