"""What every page's frame carries in its language: the crisis line, the
language switch and the strings the scripts write (the home link is the
page's own `ShortlistLinks.search_href`, see rendering.render).

The scripts (static/js/site.js, map.js) hold no words of their own: they
read them from the body's `data-ui-text`, a JSON object built here, so a
Spanish page's announcements and buttons are Spanish too.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from markupsafe import Markup, escape

from search_api.web.language import ENGLISH, SPANISH, page_lang, switch_href
from search_api.web.text import PageText, page_text

# The web's own English line; Spanish pages reuse the printables' Spanish one
# (checklist.es.yaml `crisis`), so a page and a printout say the same.
CRISIS_EN = ("In crisis or thinking about suicide? Call or text 988, the Suicide & Crisis Lifeline "
             "(any time, free), or call 911 in an emergency.")
CRISIS_NUMBERS = ("988", "911")
# The words that offer a text message to 988: a link of their own, since texting
# is often the one way someone in crisis can reach out.
CRISIS_TEXT_WORDS = {ENGLISH: "text", SPANISH: "envíe un mensaje de texto"}
# The other language's name, in that language.
SWITCH_NAMES = {ENGLISH: (SPANISH, "Español"), SPANISH: (ENGLISH, "English")}
# key -> English; {placeholders} are filled in by the script.
SCRIPT_TEXT = {
    "on_shortlist": "On your shortlist ✓",
    "add": "Add to shortlist",
    "full": "Your shortlist is full ({max}). Remove one first.",
    "added": "{name} added to your shortlist ({count}).",
    "removed": "{name} removed from your shortlist ({count}).",
    "save_question": "Save this shortlist?",
    "from_link_one": "This shortlist came from a link. It is not the shortlist saved in this browser "
                     "({count} listing), which has not been changed.",
    "from_link_many": "This shortlist came from a link. It is not the shortlist saved in this browser "
                      "({count} listings), which has not been changed.",
    "replace": "Replace my saved shortlist with this one",
    "replaced": "This list is now your saved shortlist.",
    "keep": "Keep my saved shortlist",
    "kept": "Your saved shortlist was kept. This list stays only in this page's address.",
    "open_saved": "Open your saved shortlist",
    "open_mine": "Open my saved shortlist ({count})",
    "markers_only": "Only the numbered markers are shown, so no other site learns which area you are "
                    "looking at.",
    "map_hidden": "Street map hidden. The numbered markers match the list.",
    "map_failed": "The street map could not load. The numbered markers match the list.",
    "hide_map": "Hide street map",
    "map_loading": "Street map images are loading from {host} for this page only.",
    "map_off": "Street map turned off on this site. The numbered markers match the list.",
    "searched_place": "Searched place",
    "another_site": "another site",
    "map_attribution": "© OpenStreetMap contributors",
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "leaflet_title": "A JavaScript library for interactive maps",  # the title of Leaflet's own link
    "locate_busy": "Finding your location…",
    "locate_denied": "Your location was not shared. Type a ZIP, or a city and state, instead.",
    "locate_timeout": "Finding your location took too long. Try again, or type a ZIP, or a city and "
                      "state.",
    "locate_unavailable": "Your location could not be found. Type a ZIP, or a city and state, instead.",
}


def crisis_line(text: PageText) -> Markup:
    """The crisis line, its question in bold and each number a link to call."""
    line = CRISIS_EN if text.lang == ENGLISH else text.content.t("crisis")
    question, _, rest = line.partition("? ")
    # "Call or <text> 988": the words open a message to 988, the number dials it.
    before, words, after = rest.partition(CRISIS_TEXT_WORDS[text.lang])
    # Its name in a list of links says what it does: "text 988", not "text".
    message = Markup('<a href="sms:988" aria-label="{0} 988">{0}</a>').format(words) if words else Markup("")
    return Markup("<strong>{}?</strong> ").format(question) + _dialled(before) + message + _dialled(after)


def _dialled(text: str) -> Markup:
    """`text` escaped, the first of each crisis number in it a link to call."""
    out = escape(text)
    for number in CRISIS_NUMBERS:
        out = out.replace(number, Markup('<a href="tel:{0}">{0}</a>').format(number), 1)
    return out


def script_text(text: PageText) -> str:
    """The scripts' strings as JSON, for the body's data-ui-text (the template escapes it)."""
    return json.dumps({key: text(english) for key, english in SCRIPT_TEXT.items()}, ensure_ascii=False)


def frame_context(request: Request) -> dict[str, Any]:
    """What base.html needs besides the page's own context."""
    lang = page_lang(request)
    text = page_text(lang)
    other, name = SWITCH_NAMES[lang]
    return {
        "lang": lang,
        "_": text,
        "crisis_line": crisis_line(text),
        "switch_href": switch_href(request, lang),
        "switch_lang": other,
        "switch_name": name,
        "ui_text_json": script_text(text),
    }
