"""A deferred module (briefer/deferred.py) runs only when used, and then is the real module."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import briefer


def run_python(code: str, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": path, "PATH": "/usr/bin:/bin"})


def test_a_deferred_module_runs_on_first_use_and_its_submodules_import(tmp_path):
    package = tmp_path / "gadget"
    (package / "parts").mkdir(parents=True)
    (package / "__init__.py").write_text("import builtins\nbuiltins.RUNS = getattr(builtins, 'RUNS', 0) + 1\n"
                                         "def spin():\n    return 'spun'\n")
    (package / "parts" / "__init__.py").write_text("WHEEL = 4\n")
    (tmp_path / "user.py").write_text("import gadget\n\ndef use():\n    return gadget.spin()\n")
    briefer_path = str(Path(briefer.__file__).parents[1])
    result = run_python("""
        import builtins, sys
        from briefer.deferred import defer_import
        defer_import("gadget")
        import user                       # imports gadget: the stand-in, nothing runs
        import gadget                     # a second import reads __spec__; still nothing runs
        assert getattr(builtins, "RUNS", 0) == 0
        assert user.use() == "spun"       # the first use runs it, once
        assert builtins.RUNS == 1
        import gadget.parts
        assert gadget.parts.WHEEL == 4 and builtins.RUNS == 1
        assert sys.modules["gadget"].spin is gadget.spin
        defer_import("no_such_module_here")   # absent: nothing happens, an import still fails as usual
        assert "no_such_module_here" not in sys.modules
        print("ok")
    """, f"{tmp_path}:{briefer_path}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
