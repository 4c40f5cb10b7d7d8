"""scenarios/README.md's table of what the 4-3-2 investment levers do is the output of
scripts/lever_table.py (issue 11 step 7): regenerated here on the same paths and seed, it must
match, and every lever must raise its own sector's value added."""
import os
import re
import subprocess
import sys


def test_lever_table_in_readme_reproduces(regiosim, source_dir):
    result = subprocess.run([sys.executable, str(source_dir / "scripts" / "lever_table.py"),
                             "--check"], capture_output=True, text=True, timeout=600,
                            env=dict(os.environ))
    assert result.returncode == 0, result.stderr


def test_every_lever_raises_its_own_sector(source_dir):
    text = (source_dir / "scenarios" / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- lever-table:begin")[1].split("<!-- lever-table:end -->")[0]
    rows = [line for line in table.splitlines() if re.match(r"\| [A-Z]+ \|", line)]
    assert {row.split("|")[1].strip() for row in rows} == {
        "BIGDATA", "FIN", "TRADE", "BIO", "EQP", "MAT", "TOUR", "STS", "CUL"}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        first_year, median_2025 = float(cells[3].rstrip(" %")), float(cells[4])
        assert first_year > 0 and median_2025 > 0, row
