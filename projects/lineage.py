"""The lineage of reuse: which project came out of reusing which (issue 13).

An adoption may name the adopting city's own project that came out of it
(``Adoption.resulting_project``). Each project comes out of at most one
adoption, so the lineage is a tree; ``check_no_cycle`` keeps it one. Both
walks are one recursive statement, bounded in depth.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Value

from projects.models import Adoption, Project
from projects.querysets import visible_condition

MAX_DEPTH = 50


def ancestors(project_id: int) -> list[int]:
    """The projects ``project_id`` descends from, its parent first, the root last."""
    adoption = connection.ops.quote_name(Adoption._meta.db_table)
    sql = f"""
        WITH RECURSIVE up(project_id, depth) AS (
            SELECT %s::bigint, 0
            UNION ALL
            SELECT a.project_id, up.depth + 1
            FROM {adoption} a JOIN up ON a.resulting_project_id = up.project_id
            WHERE up.depth < %s
        )
        SELECT project_id FROM up WHERE depth > 0 ORDER BY depth
    """  # noqa: S608 - the table name from _meta; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [project_id, MAX_DEPTH])
        return [row[0] for row in cursor.fetchall()]


def would_cycle(*, project_id: int, resulting_project_id: int) -> bool:
    """Whether naming ``resulting_project_id`` as the outcome of reusing
    ``project_id`` closes a circle (it is the project or one it descends from)."""
    return resulting_project_id == project_id or resulting_project_id in ancestors(project_id)


@dataclass
class Node:
    project_id: int
    municipality: str
    title: str | None  # None when the reader may not see the project
    slug: str | None
    generation: int
    parent_id: int | None
    children: list["Node"] = field(default_factory=list)
    x: int = 0
    y: int = 0


@dataclass
class Lineage:
    root: Node
    nodes: list[Node]
    current_id: int
    generations: int

    @property
    def width(self) -> int:
        return max(node.x for node in self.nodes) + NODE_WIDTH + MARGIN

    @property
    def height(self) -> int:
        return max(node.y for node in self.nodes) + NODE_HEIGHT + MARGIN

    def edges(self) -> list[tuple[Node, Node]]:
        return [(node, child) for node in self.nodes for child in node.children]


NODE_WIDTH, NODE_HEIGHT, GAP_X, GAP_Y, MARGIN = 220, 56, 24, 40, 8


def lineage_of(project: Project, user) -> Lineage | None:
    """The whole tree ``project`` belongs to (from its root down), laid out for
    the drawing, or None when no project came out of it or it out of another.
    Two statements: the tree's edges, then the projects it names with
    whether the reader may see each."""
    adoption = connection.ops.quote_name(Adoption._meta.db_table)
    sql = f"""
        WITH RECURSIVE up(project_id, depth) AS (
            SELECT %s::bigint, 0
            UNION ALL
            SELECT a.project_id, up.depth + 1
            FROM {adoption} a JOIN up ON a.resulting_project_id = up.project_id
            WHERE up.depth < %s
        ),
        root AS (SELECT project_id FROM up ORDER BY depth DESC LIMIT 1),
        down(project_id, parent_id, generation) AS (
            SELECT project_id, NULL::bigint, 0 FROM root
            UNION ALL
            SELECT a.resulting_project_id, a.project_id, down.generation + 1
            FROM {adoption} a JOIN down ON a.project_id = down.project_id
            WHERE a.resulting_project_id IS NOT NULL AND down.generation < %s
        )
        SELECT project_id, parent_id, generation FROM down ORDER BY generation, project_id
    """  # noqa: S608 - the table name from _meta; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk, MAX_DEPTH, MAX_DEPTH])
        rows = cursor.fetchall()
    if len(rows) < 2:
        return None
    shown = {
        pk: (title, slug, city, visible)
        for pk, title, slug, city, visible in _named_projects([row[0] for row in rows], user)
    }
    nodes: dict[int, Node] = {}
    for project_id, parent_id, generation in rows:
        title, slug, city, visible = shown[project_id]
        node = Node(
            project_id=project_id,
            municipality=city,
            title=title if visible else None,
            slug=slug if visible else None,
            generation=generation,
            parent_id=parent_id,
        )
        nodes[project_id] = node
        if parent_id is not None and parent_id in nodes:
            nodes[parent_id].children.append(node)
    ordered = list(nodes.values())
    _layout(ordered[0])
    return Lineage(
        root=ordered[0],
        nodes=ordered,
        current_id=project.pk,
        generations=max(node.generation for node in ordered) + 1,
    )


def _named_projects(ids: list[int], user) -> list[tuple[int, str, str, str, bool]]:
    """Each project's id, title, slug, lead city and whether ``user`` may see
    it, in one statement (who sees what: ``visible_condition``)."""
    condition = visible_condition(user)
    visible = (
        ExpressionWrapper(condition, output_field=BooleanField()) if condition else Value(True)
    )
    return list(
        Project.objects.filter(pk__in=ids)
        .annotate(visible=visible)
        .values_list("pk", "title", "slug", "lead_municipality__name", "visible")
    )


def _layout(root: Node) -> None:
    """Generations top to bottom, leaves left to right, each parent above the
    middle of its children."""
    next_x = [MARGIN]

    def place(node: Node) -> None:
        node.y = MARGIN + node.generation * (NODE_HEIGHT + GAP_Y)
        if not node.children:
            node.x = next_x[0]
            next_x[0] += NODE_WIDTH + GAP_X
            return
        for child in node.children:
            place(child)
        node.x = (node.children[0].x + node.children[-1].x) // 2

    place(root)
