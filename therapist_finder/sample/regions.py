"""State-level facts the sample generator leans on: neighbours, costs, languages.

These are rough, hand-set figures. They only need to make fictional listings
look plausible (Spanish more common in Texas, sessions dearer in New York),
not be accurate statistics.
"""

from __future__ import annotations

import numpy as np

# Bordering states (DC counts as a state here), used to pick a plausible second
# license state. Alaska and Hawaii get the state providers most often also hold.
_BORDERS = (
    "AK:WA AL:FL,GA,MS,TN AR:LA,MS,TN,MO,OK,TX AZ:CA,NV,UT,NM,CO CA:OR,NV,AZ "
    "CO:WY,NE,KS,OK,NM,AZ,UT CT:NY,MA,RI DC:MD,VA DE:MD,PA,NJ FL:GA,AL GA:FL,AL,TN,NC,SC "
    "HI:CA IA:MN,WI,IL,MO,NE,SD ID:WA,OR,NV,UT,WY,MT IL:WI,IA,MO,KY,IN IN:IL,MI,OH,KY "
    "KS:NE,MO,OK,CO KY:IN,OH,WV,VA,TN,MO,IL LA:TX,AR,MS MA:RI,CT,NY,VT,NH MD:VA,WV,PA,DE,DC "
    "ME:NH MI:OH,IN,WI MN:ND,SD,IA,WI MO:IA,IL,KY,TN,AR,OK,KS,NE MS:LA,AR,TN,AL "
    "MT:ID,WY,SD,ND NC:VA,TN,GA,SC ND:MN,SD,MT NE:SD,IA,MO,KS,CO,WY NH:ME,MA,VT NJ:NY,PA,DE "
    "NM:AZ,CO,OK,TX NV:CA,OR,ID,UT,AZ NY:NJ,PA,CT,MA,VT OH:PA,WV,KY,IN,MI "
    "OK:KS,MO,AR,TX,NM,CO OR:WA,ID,NV,CA PA:NY,NJ,DE,MD,WV,OH RI:CT,MA SC:NC,GA "
    "SD:ND,MN,IA,NE,WY,MT TN:KY,VA,NC,GA,AL,MS,AR,MO TX:NM,OK,AR,LA UT:ID,WY,CO,AZ,NV "
    "VA:MD,DC,WV,KY,TN,NC VT:NY,NH,MA WA:OR,ID WI:MI,MN,IA,IL WV:OH,PA,MD,VA,KY "
    "WY:MT,SD,NE,CO,UT,ID "
)
NEIGHBORS: dict[str, tuple[str, ...]] = {
    state: tuple(near.split(",")) for state, near in (item.split(":") for item in _BORDERS.split())
}

STATES: tuple[str, ...] = tuple(sorted(NEIGHBORS))
STATE_INDEX: dict[str, int] = {code: i for i, code in enumerate(STATES)}

# Relative price of a therapy hour; multiplies the per-license base fee.
_COST = {"NY": 1.25, "CA": 1.2, "MA": 1.2, "DC": 1.2, "WA": 1.1, "NJ": 1.1, "CT": 1.1,
         "HI": 1.1, "MD": 1.05, "CO": 1.05, "OR": 1.05, "IL": 1.0, "VA": 1.0, "MN": 1.0}
_CHEAP = "MS AR WV AL OK KY LA SD ND NE IA KS MO TN IN".split()
STATE_COST = np.array([_COST.get(s, 0.85 if s in _CHEAP else 0.95) for s in STATES])

# Languages besides English: (slug, base share, {states where it is commoner: share}).
LANGUAGES: tuple[tuple[str, float, dict[str, float]], ...] = (
    ("es", 0.10, {s: 0.32 for s in "TX CA FL NY NM AZ".split()}
     | {s: 0.2 for s in "NV NJ IL CO".split()}),
    ("zh", 0.012, {s: 0.06 for s in "CA NY WA MA NJ".split()}),
    ("vi", 0.004, {s: 0.03 for s in "CA TX WA".split()}),
    ("ko", 0.004, {s: 0.025 for s in "CA NY NJ GA WA".split()}),
    ("ru", 0.004, {s: 0.03 for s in "NY NJ".split()}),
    ("ht", 0.002, {s: 0.02 for s in "FL NY MA".split()}),
    ("fr", 0.012, {"LA": 0.03, "ME": 0.03}),
    ("ar", 0.006, {"MI": 0.04} | {s: 0.012 for s in "NY NJ CA IL TX".split()}),
    ("pt", 0.005, {s: 0.03 for s in "MA RI NJ FL".split()}),
)
LANGUAGE_SLUGS: tuple[str, ...] = tuple(slug for slug, _, _ in LANGUAGES)
# (state, language) -> probability a provider there speaks it.
LANGUAGE_PROBS = np.array(
    [[boost.get(s, base) for _, base, boost in LANGUAGES] for s in STATES]
)

# Where the regional payers actually sell plans; elsewhere they never appear.
ANTHEM_STATES = frozenset("CA CO CT GA IN KY ME MO NV NH NY OH VA WI".split())
HCSC_STATES = frozenset("IL MT NM OK TX".split())
KAISER_STATES = frozenset("CA CO GA HI MD OR VA WA DC".split())
