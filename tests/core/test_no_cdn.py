"""Government intranets have no internet: no template or static file may load from a CDN."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//""", re.I)


def test_templates_load_nothing_from_outside():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        if EXTERNAL.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_bootstrap_is_vendored():
    assert (ROOT / "static/vendor/bootstrap/css/bootstrap.min.css").exists()
    assert (ROOT / "static/vendor/bootstrap/js/bootstrap.bundle.min.js").exists()


def test_echarts_is_vendored():
    assert (ROOT / "static/vendor/echarts/echarts.min.js").exists()
    assert (ROOT / "static/vendor/echarts/LICENSE").exists()
