#!/usr/bin/env python3
"""Prints the `input_output.national` block of a scenario from data/io-china-2020-15sector.json.

The national 2020 coefficients (a_ij, column j = purchasing sector) and value added by sector are
copied as they are, to 6 significant digits, in the JSON's sector order. Used to write
scenarios/luolong-14fyp.yaml; rerun it if the data file changes:

    /usr/bin/python3 scripts/io_table_to_yaml.py data/io-china-2020-15sector.json
"""
import json
import sys


def main(path):
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    order = table["order"]
    print("  national:")
    print("    source: " + json.dumps(table["source"], ensure_ascii=False))
    print("    # sector order: " + ", ".join(order))
    print("    value_added: [" + ", ".join(f"{x:.6g}" for x in table["VA_1e8"]) + "]  # 亿元")
    print("    coefficients:  # a_ij: row i = selling sector, column j = buying sector")
    for row in table["A"]:
        print("      - [" + ", ".join(f"{x:.6g}" for x in row) + "]")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/io-china-2020-15sector.json")
