"""The printables' wording, loaded from `content/checklist.<lang>.yaml`.

Content is data: questions, section titles, concern-specific question sets
and interface strings live in one YAML file per language, checked here at
load time so a bad edit fails the first request (and the tests) clearly.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from search_api.printables.provenance import MAX_AGE_DAYS, age_text

Lang = Literal["en", "es"]
LANGS: tuple[str, ...] = ("en", "es")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionText(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str = Field(min_length=1)


class SectionText(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    intro: str | None = None
    questions: list[QuestionText]
    notes: list[str] = Field(default_factory=list)


class ConcernText(_Strict):
    title: str
    questions: list[QuestionText]
    note: str | None = None


class ConfirmText(_Strict):
    title: str
    intro: str
    says: str
    facts: dict[str, str]


class KnownText(_Strict):
    title: str
    intro: str
    none: str
    not_listed_payer: str


class InsurerText(_Strict):
    title: str
    intro: str
    questions: list[QuestionText]
    record: list[str]


class ChecklistContent(_Strict):
    """One language's wording for every printable."""

    lang: Lang
    title: str
    intro: str
    sections: list[SectionText]
    confirm: ConfirmText
    known: KnownText
    concerns: dict[str, ConcernText]
    insurer: InsurerText
    ui: dict[str, str | dict[str, str]]
    # Translations of vocabulary labels by facet and slug (English uses the vocabularies).
    labels: dict[str, dict[str, str]] = Field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """An interface string, with {placeholders} filled."""
        text = self.ui[key]
        assert isinstance(text, str), key
        return text.format(**values) if values else text

    def flag(self, confirm: bool, old: bool = False, disputed: bool = False,
             max_age_days: int = MAX_AGE_DAYS) -> str:
        """The tag a fact carries when a client should confirm it ("" when it stands alone).

        Every printable (page, PDF, CSV) prints this one tag, so a spreadsheet keeps
        "please confirm: over six months old" or "please confirm: sources disagree"
        just as the sheets do. Only a fact to confirm is tagged (`confirm`, which only a fact
        the checklist asks about gets): `old` and `disputed` say why. `max_age_days` is the
        span `old` was judged by, so the tag names it ("over 90 days old" under a 90-day
        setting, never a fixed "six months").
        """
        if not confirm:
            return ""
        reasons = [self.t(key, age=self.age(max_age_days)) if key == "old" else self.t(key)
                   for key, why in (("disagree", disputed), ("old", old)) if why]
        return f"{self.t('please_confirm')}: {', '.join(reasons)}" if reasons \
            else self.t("please_confirm")

    def age(self, max_age_days: int = MAX_AGE_DAYS) -> str:
        """The span after which a fact is old, in this language's words ("six months")."""
        return age_text(max_age_days, self.lang)

    def group(self, key: str) -> dict[str, str]:
        """A nested group of interface strings (csv headers, compare rows)."""
        value = self.ui[key]
        assert isinstance(value, dict), key
        return value


@cache
def load_content(lang: str) -> ChecklistContent:
    """The parsed content for `lang` (cached; files ship inside the package)."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}")
    path = resources.files("search_api.printables") / "content" / f"checklist.{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    content = ChecklistContent.model_validate(data)
    if content.lang != lang:
        raise ValueError(f"checklist.{lang}.yaml declares lang {content.lang!r}")
    if "default" not in content.concerns:
        raise ValueError(f"checklist.{lang}.yaml: concerns needs a 'default' set")
    return content
