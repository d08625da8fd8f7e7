"""The official column header of the NPPES full replacement file (npidata_pfile_*.csv).

330 columns, in the order CMS publishes them ("NPPES Data Dissemination"
readme). Newer files call column 42 "Provider Sex Code"; the importer
accepts either name.
"""

from __future__ import annotations

_MAILING = "Provider Business Mailing Address"
_PRACTICE = "Provider Business Practice Location Address"


def official_header() -> list[str]:
    """The header row, column by column."""
    cols = [
        "NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
        "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
        "Provider First Name", "Provider Middle Name", "Provider Name Prefix Text",
        "Provider Name Suffix Text", "Provider Credential Text", "Provider Other Organization Name",
        "Provider Other Organization Name Type Code", "Provider Other Last Name",
        "Provider Other First Name", "Provider Other Middle Name",
        "Provider Other Name Prefix Text", "Provider Other Name Suffix Text",
        "Provider Other Credential Text", "Provider Other Last Name Type Code",
        "Provider First Line Business Mailing Address",
        "Provider Second Line Business Mailing Address",
        f"{_MAILING} City Name", f"{_MAILING} State Name", f"{_MAILING} Postal Code",
        f"{_MAILING} Country Code (If outside U.S.)", f"{_MAILING} Telephone Number",
        f"{_MAILING} Fax Number",
        "Provider First Line Business Practice Location Address",
        "Provider Second Line Business Practice Location Address",
        f"{_PRACTICE} City Name", f"{_PRACTICE} State Name", f"{_PRACTICE} Postal Code",
        f"{_PRACTICE} Country Code (If outside U.S.)", f"{_PRACTICE} Telephone Number",
        f"{_PRACTICE} Fax Number",
        "Provider Enumeration Date", "Last Update Date", "NPI Deactivation Reason Code",
        "NPI Deactivation Date", "NPI Reactivation Date", "Provider Gender Code",
        "Authorized Official Last Name", "Authorized Official First Name",
        "Authorized Official Middle Name", "Authorized Official Title or Position",
        "Authorized Official Telephone Number",
    ]
    for i in range(1, 16):
        cols += [f"Healthcare Provider Taxonomy Code_{i}", f"Provider License Number_{i}",
                 f"Provider License Number State Code_{i}",
                 f"Healthcare Provider Primary Taxonomy Switch_{i}"]
    for i in range(1, 51):
        cols += [f"Other Provider Identifier_{i}", f"Other Provider Identifier Type Code_{i}",
                 f"Other Provider Identifier State_{i}", f"Other Provider Identifier Issuer_{i}"]
    cols += ["Is Sole Proprietor", "Is Organization Subpart", "Parent Organization LBN",
             "Parent Organization TIN", "Authorized Official Name Prefix Text",
             "Authorized Official Name Suffix Text", "Authorized Official Credential Text"]
    cols += [f"Healthcare Provider Taxonomy Group_{i}" for i in range(1, 16)]
    cols.append("Certification Date")
    return cols


HEADER = tuple(official_header())
