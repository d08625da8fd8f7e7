"""Write a fictional NPPES full replacement file with the official header.

For tests and the benchmark: every person and organization is made up, phones
are 555-01xx. NPIs fail the CMS check digit on purpose. Rows look like the real file
(every field quoted, ZIP+4 without a dash, dates MM/DD/YYYY, some
deactivated NPIs, a few dirty values), and about `behavioral_share` of them
carry a behavioral-health taxonomy.

    python -m therapist_finder.importers.nppes_fixture OUT.csv|OUT.zip ROWS
"""

from __future__ import annotations

import csv
import random
import sys
import zipfile
from pathlib import Path

from therapist_finder.importers.nppes_header import HEADER

BH = [("103T00000X", "PHD"), ("1041C0700X", "LCSW"), ("101YP2500X", "LPC"),
      ("101YM0800X", "LMHC"), ("106H00000X", "LMFT"), ("2084P0800X", "MD"),
      ("363LP0808X", "PMHNP-BC"), ("102L00000X", "PSYD")]
OTHER = [("207Q00000X", "MD"), ("122300000X", "DDS"), ("225100000X", "PT"),
         ("363LF0000X", "FNP"), ("152W00000X", "OD"), ("183500000X", "PHARMD")]
FIRST = ["AVERY", "JORDAN", "MARISOL", "THEO", "PRIYA", "DMITRI", "KEIKO", "LAILA", "OREN",
         "BEATRIX", "TOBIAS", "IMANI", "RAFAEL", "SUNNIVA", "CORMAC", "XIMENA"]
LAST = ["QUILLFEATHER", "BRACKENRIDGE", "VANTONGEREN", "OAKHOLLOW", "FAIRWEATHER", "LINDQVIST",
        "MARCHETTI", "OKONKWO-BELL", "THISTLEWOOD", "RAVENSDALE", "CASTELLANOS", "PEMBROOK"]
PLACES = [("NEW YORK", "NY", "10001"), ("BROOKLYN", "NY", "11201"), ("HOUSTON", "TX", "77002"),
          ("CHICAGO", "IL", "60601"), ("SEATTLE", "WA", "98101"), ("DENVER", "CO", "80202"),
          ("ATLANTA", "GA", "30303"), ("BOSTON", "MA", "02108"), ("PHOENIX", "AZ", "85004")]
COL = {name: i for i, name in enumerate(HEADER)}


def npi_for(i: int) -> str:
    """A fictional NPI whose check digit is deliberately wrong (never a real provider's)."""
    base = f"{100000000 + i % 899999999:09d}"
    total = 0
    for k, d in enumerate(reversed([int(c) for c in "80840" + base])):
        total += sum(divmod(d * 2, 10)) if k % 2 == 0 else d
    return base + str(((10 - total % 10) % 10 + 1) % 10)


def fictional_row(i: int, rng: random.Random, behavioral_share: float) -> list[str]:
    row = [""] * len(HEADER)
    row[COL["NPI"]] = npi_for(i)
    if rng.random() < 0.02:  # deactivated NPI: the file keeps only the number and date
        row[COL["NPI Deactivation Date"]] = "05/01/2019"
        return row
    organization = rng.random() < 0.2
    code, cred = rng.choice(BH if rng.random() < behavioral_share else OTHER)
    city, state, zip5 = rng.choice(PLACES)
    row[COL["Entity Type Code"]] = "2" if organization else "1"
    if organization:
        row[COL["Provider Organization Name (Legal Business Name)"]] = (
            f"{rng.choice(LAST)} {rng.choice(['COUNSELING', 'HEALTH', 'WELLNESS'])} GROUP PLLC")
        code = "261QM0801X" if code in dict(BH) and rng.random() < 0.5 else code
    else:
        row[COL["Provider Last Name (Legal Name)"]] = rng.choice(LAST)
        row[COL["Provider First Name"]] = rng.choice(FIRST)
        row[COL["Provider Middle Name"]] = rng.choice(["", "A", "J"])
        row[COL["Provider Credential Text"]] = rng.choice([cred, cred.replace("D", ".D.")])
        row[COL["Provider Gender Code"]] = rng.choice("FM")
    phone = f"{rng.randint(201, 989)}55501{rng.randint(0, 99):02d}"
    for prefix, line1 in (("Provider Business Mailing Address", f"PO BOX {i % 9000 + 100}"),
                          ("Provider Business Practice Location Address",
                           f"{i % 900 + 100} EXAMPLE {rng.choice(['ST', 'AVE', 'RD'])}")):
        first = "First Line " + prefix.removeprefix("Provider ")
        row[COL[f"Provider {first}"]] = line1
        row[COL[f"{prefix} City Name"]] = city
        # Dirty data, as in the real file: a spelled-out state now and then.
        row[COL[f"{prefix} State Name"]] = state if rng.random() > 0.01 else "NEW YORK"
        row[COL[f"{prefix} Postal Code"]] = zip5 + f"{rng.randint(0, 9999):04d}"
        row[COL[f"{prefix} Country Code (If outside U.S.)"]] = "US"
        row[COL[f"{prefix} Telephone Number"]] = phone
    row[COL["Provider Enumeration Date"]] = "03/02/2015"
    row[COL["Last Update Date"]] = "07/14/2025"
    row[COL["Healthcare Provider Taxonomy Code_1"]] = code
    row[COL["Provider License Number_1"]] = str(rng.randint(10000, 99999))
    row[COL["Provider License Number State Code_1"]] = state
    row[COL["Healthcare Provider Primary Taxonomy Switch_1"]] = "Y"
    row[COL["Is Sole Proprietor"]] = "N" if organization else rng.choice("YNX")
    row[COL["Certification Date"]] = "07/14/2025"
    return row


def write_rows(handle, rows: int, *, seed: int = 1, behavioral_share: float = 0.1) -> None:
    writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    rng = random.Random(seed)
    for i in range(rows):
        writer.writerow(fictional_row(i, rng, behavioral_share))


def write_file(path: Path, rows: int, *, seed: int = 1, behavioral_share: float = 0.1) -> Path:
    """Write a .csv, or a .zip holding npidata_pfile_20261101-20261107.csv like CMS's."""
    path = Path(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            with archive.open("npidata_pfile_20261101-20261107.csv", "w", force_zip64=True) as raw:
                import io
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                write_rows(text, rows, seed=seed, behavioral_share=behavioral_share)
                text.flush()
                text.detach()
        return path
    with open(path, "w", encoding="utf-8", newline="") as handle:
        write_rows(handle, rows, seed=seed, behavioral_share=behavioral_share)
    return path


if __name__ == "__main__":
    write_file(Path(sys.argv[1]), int(sys.argv[2]))
