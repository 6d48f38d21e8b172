"""Every notebook in notebooks/ runs headless with nbconvert, as a user would run it."""
import pathlib
import subprocess

import nbformat
import pytest

from conftest import KERNELS, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_notebook_runs_headless(notebook, tmp_path):
    run = subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", str(notebook),
                          f"--ExecutePreprocessor.kernel_name={KERNELS['jdk17']}",
                          "--ExecutePreprocessor.timeout=300", "--output-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    executed = nbformat.read(tmp_path / notebook.name, as_version=4)
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, f"cell tagged raises-exception did not raise:\n{cell.source}"
        else:
            assert not errors, f"cell failed:\n{cell.source}\n{errors}"


def test_getting_started_shows_what_it_promises(tmp_path):
    nb = ROOT / "notebooks" / "01-getting-started.ipynb"
    subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", str(nb),
                    f"--ExecutePreprocessor.kernel_name={KERNELS['jdk17']}", "--output-dir", str(tmp_path)],
                   check=True, capture_output=True, timeout=600)
    cells = [c for c in nbformat.read(tmp_path / nb.name, as_version=4).cells if c.cell_type == "code"]
    outputs = [o for c in cells for o in c.outputs]
    results = [o.data["text/plain"] for o in outputs if o.output_type == "execute_result"]
    assert "42" in results
    mimes = {m for o in outputs if "data" in o for m in o.data}
    assert {"text/html", "text/markdown", "text/latex", "image/png"} <= mimes
    errors = [o.ename for o in outputs if o.output_type == "error"]
    assert errors == ["java.lang.ArrayIndexOutOfBoundsException", "CompilationError"]
