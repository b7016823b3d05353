"""What the briefing says: a store's :class:`dashboards.briefing.StoreBriefing` rendered as a group robot's
markdown and as an HTML e-mail with a text alternative, in the store's chosen language or in both (Chinese first,
then English, as the alerts digest does: alerts/digest.py). The figures are the landing page's, never recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from dashboards.briefing import StoreBriefing
from dashboards.selectors.briefing import store_briefings
from stores.models import Store

from .choices import Language
from .domain import RobotMessage

TEXT_SEPARATOR = "\n\n" + "-" * 40 + "\n\n"
ROBOT_SEPARATOR = "\n\n---\n\n"
# How far from target a figure is, in a message that has no colours of its own (robots) and in the e-mail's.
TONE_MARKS = {"behind": "🔴", "close": "🟠", "on_target": "🟢", "unknown": "⚪"}
TONE_COLOURS = {"behind": "#b02a37", "close": "#997404", "on_target": "#146c43", "unknown": "#6c757d"}
MAX_TODO_ITEMS = 10  # in a robot's message; the e-mail lists every item


def languages_of(language: str) -> tuple[str, ...]:
    return ("zh-hans", "en") if language == Language.BILINGUAL else (language,)


def _in_languages(languages: tuple[str, ...], render: Callable[[], str], separator: str) -> str:
    """``render()`` in each language, joined; a language that renders the same text as another is left out."""
    texts: list[str] = []
    for language in languages:
        with translation.override(language):
            text = render().strip()
        if text not in texts:
            texts.append(text)
    return separator.join(texts)


def _absolute(name: str, **kwargs: Any) -> str:
    """A page's address for a message read outside opsplan: only when ``SITE_URL`` says where opsplan is."""
    site = settings.SITE_URL.rstrip("/")
    if not site:
        return ""
    try:
        return site + reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _context(store: Store, day: date) -> dict[str, Any]:
    """The briefing of ``store`` for ``day`` in the active language (its to-do titles are worded when built)."""
    briefing: StoreBriefing = store_briefings([store], day)[0]
    todo = [{"item": item, "link": _absolute(item.url_name, **item.url_kwargs)} for item in briefing.todo]
    tones = {
        "day": briefing.day.tone if briefing.day else "unknown",
        "month": briefing.month.tone if briefing.month else "unknown",
        "pace": briefing.month.pace_tone if briefing.month else "unknown",
    }
    return {
        "b": briefing,
        "marks": {k: TONE_MARKS[str(v)] for k, v in tones.items()},
        "colours": {k: TONE_COLOURS[str(v)] for k, v in tones.items()},
        "store": store,
        "todo": todo,
        "todo_shown": todo[:MAX_TODO_ITEMS],
        "todo_more": max(len(todo) - MAX_TODO_ITEMS, 0),
        "dashboard_link": _absolute("dashboards:store", store=store.code),
        "settings_link": _absolute("briefings:settings", store=store.code),
    }


def briefing_robot_message(store: Store, day: date, language: str) -> RobotMessage:
    """The group robots' message: a title and markdown the three platforms all display (no tables)."""
    languages = languages_of(language)
    title = _in_languages(
        languages, lambda: render_to_string("briefings/title.txt", {"store": store, "day": day}), " / "
    )
    body = _in_languages(
        languages, lambda: render_to_string("briefings/robot.md", _context(store, day)), ROBOT_SEPARATOR
    )
    return RobotMessage(title=title.replace("\n", " "), markdown=body)


def briefing_email(store: Store, day: date, language: str, recipients: list[str]) -> EmailMultiAlternatives:
    """The e-mail: the figures in a table (HTML) with a text alternative, one section per language."""
    languages = languages_of(language)
    contexts: dict[str, dict[str, Any]] = {}
    for code in languages:
        with translation.override(code):
            contexts[code] = _context(store, day)
    subject = _in_languages(
        languages, lambda: render_to_string("briefings/title.txt", {"store": store, "day": day}), " / "
    )
    text = _in_languages(
        languages,
        lambda: render_to_string("briefings/email_body.txt", contexts[translation.get_language()]),
        TEXT_SEPARATOR,
    )
    sections = _in_languages(
        languages,
        lambda: render_to_string("briefings/_email_section.html", contexts[translation.get_language()]),
        '\n<hr style="border:0;border-top:1px solid #dee2e6;margin:24px 0">\n',
    )
    with translation.override(languages[0]):
        html = render_to_string("briefings/email.html", {"sections": sections, "subject": subject})
    message = EmailMultiAlternatives(subject.replace("\n", " "), text + "\n", None, recipients)
    message.attach_alternative(html, "text/html")
    return message


def test_robot_message(store: Store, language: str) -> RobotMessage:
    languages = languages_of(language)
    title = _in_languages(languages, lambda: render_to_string("briefings/test_title.txt", {"store": store}), " / ")
    body = _in_languages(languages, lambda: render_to_string("briefings/test_body.txt", {"store": store}), "\n\n")
    return RobotMessage(title=title.replace("\n", " "), markdown=body)


def test_email(store: Store, language: str, recipients: list[str]) -> EmailMultiAlternatives:
    message = test_robot_message(store, language)
    return EmailMultiAlternatives(message.title, message.markdown + "\n", None, recipients)
