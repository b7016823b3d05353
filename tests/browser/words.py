"""The words of the pages in a test's language, read from the catalogue the pages themselves use
(locale/zh_Hans/LC_MESSAGES/django.po), for the browser tests that run in both languages."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import translation


def words(language: str) -> Callable[..., str]:
    """``word("Save plan")`` -> the text a page in ``language`` shows for it (``context=`` for pgettext)."""

    def word(msgid: str, context: str | None = None) -> str:
        with translation.override(language):
            return translation.pgettext(context, msgid) if context else translation.gettext(msgid)

    return word
