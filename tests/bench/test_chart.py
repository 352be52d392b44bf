"""``python -m bench chart``: p95 against scale, one line per case, as SVG."""

import json

from bench.chart import load, series, svg


def run(scale: float, factor: float) -> list[dict]:
    return [
        {"case": "catalogue: search", "p95_ms": 2.0 * factor, "scale": scale},
        {"case": "  same, first view after a change", "p95_ms": 30.0 * factor, "scale": scale},
        {"case": "throughput: anonymous", "p95_ms": None, "scale": scale, "requests": 10},
    ]


def test_each_case_is_a_line_through_its_scales(tmp_path):
    for scale, factor in ((0.1, 1), (1, 3), (3, 9)):
        (tmp_path / f"bench-{scale}.json").write_text(json.dumps(run(scale, factor)))
    runs = load(sorted(tmp_path.glob("bench-*.json")))
    assert list(runs) == [0.1, 1.0, 3.0]
    lines = series(runs)
    assert [name for name, _points in lines] == [
        "catalogue: search",
        "… same, first view after a change",
    ]
    assert lines[1][1] == [(0.1, 30.0), (1.0, 90.0), (3.0, 270.0)]
    drawing = svg(runs)
    assert drawing.startswith("<svg") and drawing.count("<polyline") == 2
    assert "--scale 3" in drawing and "100 ms" in drawing
    assert "throughput" not in drawing
