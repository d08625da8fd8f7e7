"""Raw strings from listings and imports -> vocabulary slugs."""

import time

import pytest

from therapist_finder.vocab import Vocabularies

CASES = [
    # insurance: brands, plan names, abbreviations, typos, ambiguity
    ("insurance", "BCBS of Texas", "hcsc"),
    ("insurance", "BCBS of Texas PPO", "hcsc"),
    ("insurance", "Blue Cross and Blue Shield of Texas", "hcsc"),
    ("insurance", "BCBSTX", "hcsc"),
    ("insurance", "Blue Cross Blue Shield of Illinois", "hcsc"),
    ("insurance", "Aetna", "aetna"),
    ("insurance", "Aetna Choice POS II", "aetna"),
    ("insurance", "Aetana", "aetna"),
    ("insurance", "aetna better health of illinois", "aetna"),
    ("insurance", "Meritain Health", "aetna"),
    ("insurance", "Blue Cross", "blue-cross-blue-shield"),
    ("insurance", "BCBS", "blue-cross-blue-shield"),
    ("insurance", "Anthem Blue Cross", "anthem"),
    ("insurance", "Anthem Blue Cross Blue Shield PPO", "anthem"),
    ("insurance", "Empire BlueCross BlueShield", "anthem"),
    ("insurance", "Medicare Advantage", "medicare"),
    ("insurance", "Humana Medicare Advantage", "humana"),
    ("insurance", "Medi-Cal", "medicaid"),
    ("insurance", "MassHealth", "medicaid"),
    ("insurance", "TennCare", "medicaid"),
    ("insurance", "Apple Health", "medicaid"),
    ("insurance", "AHCCCS", "medicaid"),
    ("insurance", "TRICARE", "tricare"),
    ("insurance", "Tricare Prime", "tricare"),
    ("insurance", "Humana Military", "tricare"),
    ("insurance", "UnitedHealthcare", "unitedhealthcare"),
    ("insurance", "United Health Care", "unitedhealthcare"),
    ("insurance", "Optum/UHC", "unitedhealthcare"),
    ("insurance", "UMR", "unitedhealthcare"),
    ("insurance", "Cigna/Evernorth", "cigna"),
    ("insurance", "Ambetter from Superior HealthPlan", "centene"),
    ("insurance", "WellCare", "centene"),
    ("insurance", "Kaiser", "kaiser-permanente"),
    ("insurance", "Florida Blue", "florida-blue"),
    ("insurance", "Highmark BCBS", "highmark"),
    ("insurance", "Blue Cross Blue Shield of Michigan", "bcbs-michigan"),
    ("insurance", "BCBS Kansas City", "blue-kc"),
    ("insurance", "Blue Cross and Blue Shield of Kansas", "bcbs-kansas"),
    ("insurance", "Harvard Pilgrim", "point32health"),
    ("insurance", "Beacon Health Options", "carelon-behavioral-health"),
    ("insurance", "Oscar Health", "oscar"),
    ("insurance", "Molina Healthcare of Ohio", "molina"),
    ("insurance", "Select Health of South Carolina", "amerihealth-caritas"),
    ("insurance", "CHIP", "chip"),
    ("insurance", "Aetna Better Health (Medicaid)", "aetna"),
    ("insurance", "Blue Cross Blue Shield of Texas Medicare Advantage", "hcsc"),
    ("insurance", "BlueCross BlueShield of Tennessee", "bcbs-tennessee"),
    ("insurance", "Anthem Medi-Cal", "anthem"),
    # specialty
    ("specialty", "Depression", "depression"),
    ("specialty", "Postpartum depression", "perinatal-depression"),
    ("specialty", "PPD", "perinatal-depression"),
    ("specialty", "Maternal mental health", "perinatal-depression"),
    ("specialty", "Persistent depressive disorder", "dysthymia"),
    ("specialty", "Bipolar II", "bipolar-disorder"),
    ("specialty", "Social phobia", "social-anxiety"),
    ("specialty", "Trauma and PTSD", "ptsd"),
    ("specialty", "Anorexia nervosa", "anorexia"),
    ("specialty", "Binge-eating disorder", "binge-eating"),
    ("specialty", "Alcohol use", "substance-use"),
    ("specialty", "Grief/loss", "grief"),
    ("specialty", "Bereavement", "grief"),
    ("specialty", "Divorce", "life-transitions"),
    ("specialty", "Empty nest", "life-transitions"),
    ("specialty", "Interpersonal disputes", "relationship-conflict"),
    ("specialty", "Loneliness", "social-skills"),
    ("specialty", "Developmental disabilities", "developmental-delays"),
    ("specialty", "Obsessive-compulsive disorder (OCD)", "ocd"),
    ("specialty", "ADD/ADHD", "adhd"),
    ("specialty", "Eating disorder recovery", "eating-disorders"),
    # approach
    ("approach", "Interpersonal tx", "ipt"),
    ("approach", "interpersonal psychotherapy (IPT)", "ipt"),
    ("approach", "Interpersonal Therapy", "ipt"),
    ("approach", "Group IPT", "group-ipt"),
    ("approach", "IPT-A", "ipt-a"),
    ("approach", "Interpersonal and Social Rhythm Therapy", "ipsrt"),
    ("approach", "Dynamic Interpersonal Therapy", "dit"),
    ("approach", "IPT-M", "maintenance-ipt"),
    ("approach", "Metacognitive Interpersonal Therapy", "metacognitive-interpersonal-therapy"),
    ("approach", "Trauma-focused CBT", "tf-cbt"),
    ("approach", "Cognitive Behavioral (CBT)", "cbt"),
    ("approach", "Cognitive Behavioural Therapy", "cbt"),
    ("approach", "Dialectical Behavior (DBT)", "dbt"),
    ("approach", "Acceptance and Commitment (ACT)", "act"),
    ("approach", "Cognitive Processing Therapy", "cpt"),
    ("approach", "Prolonged Exposure Therapy", "prolonged-exposure"),
    ("approach", "EMDR", "emdr"),
    ("approach", "Psychodynamic psychotherapy", "psychodynamic"),
    ("approach", "Eclectic", "integrative"),
    ("approach", "Bowen family systems", "family-systems"),
    ("approach", "Internal Family Systems (IFS)", "internal-family-systems"),
    ("approach", "tf-cbt", "tf-cbt"),
    # format
    ("format", "Individual therapy sessions", "individual"),
    ("format", "Couples counseling", "couples"),
    ("format", "Marriage counselling", "couples"),
    ("format", "Group therapy", "group"),
    ("format", "Family", "family"),
    ("format", "1:1", "individual"),
    # age group
    ("age_group", "Kids", "children"),
    ("age_group", "Children (6 to 10)", "children"),
    ("age_group", "Adolescents", "teens"),
    ("age_group", "Teenagers (13-17)", "teens"),
    ("age_group", "Adults", "adults"),
    ("age_group", "Seniors", "older-adults"),
    ("age_group", "Elders (65+)", "older-adults"),
    ("age_group", "Adults 65+", "older-adults"),
    ("age_group", "Geriatric", "older-adults"),
    # language
    ("language", "Español", "es"),
    ("language", "Spanish", "es"),
    ("language", "ES", "es"),
    ("language", "中文", "zh"),
    ("language", "Mandarin", "zh"),
    ("language", "Cantonese", "zh"),
    ("language", "Tiếng Việt", "vi"),
    ("language", "Tieng Viet", "vi"),
    ("language", "Kreyòl", "ht"),
    ("language", "Haitian Creole", "ht"),
    ("language", "Filipino", "tl"),
    ("language", "Farsi", "fa"),
    ("language", "Русский", "ru"),
    # license type
    ("license_type", "LCSW", "clinical-social-worker"),
    ("license_type", "LICSW", "clinical-social-worker"),
    ("license_type", "Licensed Clinical Social Worker", "clinical-social-worker"),
    ("license_type", "LMSW", "social-worker"),
    ("license_type", "LPC", "counselor"),
    ("license_type", "LMHC", "counselor"),
    ("license_type", "LMFT", "marriage-family-therapist"),
    ("license_type", "PsyD", "psychologist"),
    ("license_type", "Clinical Psychologist", "psychologist"),
    ("license_type", "PMHNP-BC", "psychiatric-nurse-practitioner"),
    ("license_type", "CADC", "addiction-counselor"),
    ("license_type", "BCBA", "behavior-analyst"),
]

JUNK = [
    ("insurance", "Feng shui"),
    ("insurance", "xyz"),
    ("insurance", "Out of network"),
    ("insurance", "Self-pay"),
    ("insurance", "Sliding scale"),
    ("insurance", "N/A"),
    ("insurance", "Medical"),  # not Medica, not Medi-Cal
    ("insurance", "Empire Plan"),  # NY state plan, not Empire BCBS
    ("insurance", ""),
    ("insurance", "   "),
    ("approach", "Feng shui"),
    ("approach", "xyz"),
    ("specialty", "Weight loss"),
    ("specialty", "asdfgh"),
    ("format", "Online"),
    ("age_group", "All ages"),
    ("language", "Klingon"),
    ("license_type", "PhD"),
]


@pytest.mark.parametrize(("facet", "raw", "slug"), CASES)
def test_normalize(vocabs: Vocabularies, facet: str, raw: str, slug: str) -> None:
    assert vocabs[facet].normalize(raw) == slug


@pytest.mark.parametrize(("facet", "raw"), JUNK)
def test_junk_is_none(vocabs: Vocabularies, facet: str, raw: str) -> None:
    assert vocabs[facet].normalize(raw) is None


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("NY", "NY"),
        ("ny", "NY"),
        ("N.Y.", "NY"),
        ("New York", "NY"),
        ("Calif.", "CA"),
        ("Washington, D.C.", "DC"),
        ("Washington", "WA"),
        ("West Virginia", "WV"),
        ("Puerto Rico", "PR"),
        ("Guam", "GU"),
        ("Albany, NY", "NY"),
    ],
)
def test_state(vocabs: Vocabularies, raw: str, slug: str) -> None:
    assert vocabs.state.normalize(raw) == slug


def test_slug_is_its_own_normal_form(vocabs: Vocabularies) -> None:
    for facet, vocab in vocabs.items():
        for slug in vocab.slugs():
            assert vocab.normalize(slug) == slug, (facet, slug)


def test_labels_and_synonyms_normalize_to_their_term(vocabs: Vocabularies) -> None:
    for facet, vocab in vocabs.items():
        for term in vocab.terms:
            for phrase in (term.label, *term.synonyms):
                assert vocab.normalize(phrase) == term.slug, (facet, phrase)


def test_phrase_lookup_is_fast(vocabs: Vocabularies) -> None:
    # Distinct strings defeat the memo; the bound is ~25x the measured cost,
    # there to catch an accidental linear scan over all phrases, not to benchmark.
    insurance = vocabs["insurance"]
    raws = [f"BCBS of Texas PPO plan {i}" for i in range(2000)]
    start = time.perf_counter()
    assert all(insurance.normalize(raw) == "hcsc" for raw in raws)
    assert (time.perf_counter() - start) / len(raws) < 1e-3


def test_non_string_is_none(vocabs: Vocabularies) -> None:
    assert vocabs["insurance"].normalize(None) is None  # type: ignore[arg-type]


def test_state_financed_plan_is_not_medicaid():
    from therapist_finder.vocab import load_vocabularies

    vocab = load_vocabularies()["insurance"]
    assert vocab.normalize("State-financed health insurance plan other than Medicaid") == "state-financed"
    assert vocab.normalize("Medicaid") == "medicaid"
