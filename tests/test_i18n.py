"""French for the whole interface (issue 17 point 4): every template string is marked, every
catalogue is complete and compiled, the switch works and sticks, French pages are localised."""

from __future__ import annotations

import datetime as dt
import gettext
import importlib.machinery
import importlib.util
import os
import re
import shutil
from pathlib import Path
from types import ModuleType

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test import Client, override_settings
from django.urls import reverse

from conftest import PASSWORD
from pcrs.accounts.models import Role, User

ROOT = Path(settings.BASE_DIR)

# Template folders skipped by the check: none (both halves of the French work are merged).
PENDING: set[str] = set()

# Words that are the same in every language: the product's name, the time zone.
NOT_TRANSLATED = {"PCRS", "UTC"}

# Attributes a user reads (or hears from a screen reader).
USER_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "hx-confirm")

# Text between these tags is translated as a whole ({% blocktranslate %}) or never shown.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}

MARK = "\x00"  # stands for a template tag or variable in the text that remains
WORD = re.compile(r"[^\W\d_]{2,}")
COMMENT = re.compile(r"<!--.*?-->", re.S)
INVISIBLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<[^<>]*>")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
ATTRIBUTE = re.compile(r"""\s([\w:-]+)\s*=\s*("[^"]*"|'[^']*')""")


def template_files() -> list[Path]:
    """Every template of the project: the root folder and each app's, found by glob."""
    folders = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]  # type: ignore[attr-defined]
    folders += sorted(ROOT.glob("pcrs/*/templates"))
    return sorted({f for folder in folders for f in folder.rglob("*.html")})


def visible_text(source: str) -> str:
    """The template's text as a browser shows it, with every tag/variable replaced by MARK and
    the text of {% blocktranslate %}/{% comment %} blocks left out (newlines kept, for lines)."""
    return _visible(source)[0]


# A literal a filter shows when the value is empty: {{ x|default:"never" }} must be
# {{ x|default:_("never") }}.
DEFAULT_LITERAL = re.compile(r"""\|default(?:_if_none)?:(["'])(.*?)\1""")


def _visible(source: str) -> tuple[str, list[str]]:
    parts: list[str] = []
    literals: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.VAR and closing is None:
            for match in DEFAULT_LITERAL.finditer(token.contents):
                if has_words(match.group(2)):
                    literals.append(f"line {token.lineno}: {{{{ {token.contents} }}}}")
        newlines = "\n" * token.contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if closing is None and name in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[name]
            elif name == closing:
                closing = None
            parts.append(MARK + newlines)
        elif token.token_type == TokenType.TEXT and closing is None:
            parts.append(token.contents)
        else:
            parts.append(MARK + newlines if token.token_type == TokenType.VAR else newlines)
    return "".join(parts), literals


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start() - match.group(0).count("\n")) + "\n" * match.group(
        0
    ).count("\n")


def has_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.replace(MARK, " ")) if w not in NOT_TRANSLATED]


def untranslated(source: str) -> list[str]:
    """Each piece of user-visible text outside translation tags, as "line N: text"."""
    text, problems = _visible(source)
    text = INVISIBLE.sub(_blank, COMMENT.sub(_blank, text))

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    for tag in TAG.finditer(text):
        attributes = {m.group(1).lower(): m for m in ATTRIBUTE.finditer(tag.group(0))}
        for name in USER_ATTRIBUTES:
            if name in attributes and has_words(attributes[name].group(2)[1:-1]):
                value = attributes[name].group(2)
                problems.append(f"line {line(tag.start())}: {name}={value}")
        # An input button shows its value (a <button> shows its content, checked as text).
        is_button = tag.group(0).lower().startswith("<input") and re.search(
            r"""type\s*=\s*["']?(submit|button|reset)""", tag.group(0), re.I
        )
        if is_button and "value" in attributes and has_words(attributes["value"].group(2)[1:-1]):
            problems.append(f"line {line(tag.start())}: value={attributes['value'].group(2)}")
    bare = TAG.sub(_blank, text)
    bare = ENTITY.sub(" ", bare)
    for match in re.finditer(r"[^\n]+", bare):
        if has_words(match.group(0)):
            snippet = " ".join(match.group(0).replace(MARK, "{…}").split())
            problems.append(f"line {line(match.start())}: {snippet}")
    return problems


def is_pending(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return any(relative.startswith(folder + "/") for folder in PENDING)


@pytest.mark.parametrize(
    "path",
    [p for p in template_files() if not is_pending(p)],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_template_string_is_marked_for_translation(path: Path) -> None:
    problems = untranslated(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.relative_to(ROOT)}: text not marked for translation:\n" + (
        "\n".join(problems)
    )


def test_the_template_check_reports_bare_words_and_attributes(tmp_path: Path) -> None:
    fixture = tmp_path / "fixture.html"
    fixture.write_text(
        "{% load i18n %}\n"
        "<p>{% translate 'Pledges' %}</p>\n"
        "<p>{{ pledge.title }} pledged</p>\n"
        '<input placeholder="Search" aria-label="{% translate \'Search\' %}">\n'
        '<img alt="Map of the mission" src="x.png">\n'
        '<input type="submit" value="Save">\n'
        "<!-- a comment is not shown --><p>&nbsp;{{ n }} · PCRS</p>\n"
        "{% blocktranslate trimmed with n=n %}{{ n }} pledges{% endblocktranslate %}\n"
        "{% comment %}Notes for developers{% endcomment %}\n"
        '<p>{{ when|date:"DATE_FORMAT"|default:"never" }} {{ x|default:_("none") }}</p>\n',
        encoding="utf-8",
    )
    problems = untranslated(fixture.read_text(encoding="utf-8"))
    assert problems == [
        'line 10: {{ when|date:"DATE_FORMAT"|default:"never" }}',
        'line 4: placeholder="Search"',
        'line 5: alt="Map of the mission"',
        'line 6: value="Save"',
        "line 3: {…} pledged",
    ]


def test_pending_covers_only_the_other_helpers_apps() -> None:
    """Every folder in PENDING exists; the lead empties the set once both halves are merged."""
    for folder in PENDING:
        assert (ROOT / folder).is_dir(), folder


# --- Catalogues ------------------------------------------------------------------------------


def catalogues() -> list[Path]:
    skip = {".venv", "node_modules", "staticfiles"}
    return sorted(
        p
        for p in ROOT.rglob("locale/*/LC_MESSAGES/django.po")
        if not skip.intersection(p.relative_to(ROOT).parts)
    )


def test_there_are_french_catalogues_for_the_root_and_the_apps() -> None:
    found = {p.relative_to(ROOT).as_posix() for p in catalogues()}
    assert "locale/fr/LC_MESSAGES/django.po" in found
    assert "pcrs/accounts/locale/fr/LC_MESSAGES/django.po" in found


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_catalogue_is_complete_and_compiled(po_path: Path) -> None:
    catalogue = polib.pofile(str(po_path))
    assert not catalogue.untranslated_entries(), "untranslated: " + "; ".join(
        e.msgid for e in catalogue.untranslated_entries()
    )
    assert not catalogue.fuzzy_entries(), "fuzzy: " + "; ".join(
        e.msgid for e in catalogue.fuzzy_entries()
    )
    for entry in catalogue.translated_entries():
        for placeholder in re.findall(r"%\(\w+\)[sd]|\{\w+\}", entry.msgid):
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for translation in translations:
                assert placeholder in translation, f"{entry.msgid!r} lacks {placeholder}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run msgfmt -o django.mo django.po"
    with mo_path.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in catalogue.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                expected[(key, int(n))] = text
        else:
            expected[key] = entry.msgstr
    compiled_entries = {k: v for k, v in compiled.items() if k != ""}
    assert compiled_entries == expected, f"{mo_path} is out of date: recompile it"


def test_a_message_has_one_french_translation_in_every_catalogue() -> None:
    """Django merges the catalogues and the first to hold a msgid wins (the root's, then the
    apps' in INSTALLED_APPS order): two translations of one msgid mean one of them is never
    shown. Where the words differ by meaning, the msgid gets a context."""
    seen: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for po_path in catalogues():
        for entry in polib.pofile(str(po_path)).translated_entries():
            text = str(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
            where = seen.setdefault((entry.msgctxt, entry.msgid), {})
            where.setdefault(text, []).append(po_path.relative_to(ROOT).parts[1])
    disagreements = [f"{key}: {texts}" for key, texts in seen.items() if len(texts) > 1]
    assert not disagreements, "\n".join(disagreements)


STRAIGHT_ELISION = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def test_french_elisions_take_the_typographic_apostrophe() -> None:
    """One apostrophe in the French interface, the typographic one (U+2019): a page that mixes
    it with the straight one in its elisions reads as two translators' work."""
    straight = [
        f"{po_path.relative_to(ROOT).parts[1]}: {text}"
        for po_path in catalogues()
        for entry in polib.pofile(str(po_path)).translated_entries()
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if STRAIGHT_ELISION.search(text)
    ]
    assert not straight, "\n".join(straight)


# --- Every marked string has its French translation ----------------------------------------
#
# A catalogue can be complete and still lack strings: a message marked after the last
# makemessages never reaches it. So each catalogue's source is extracted again, with the same
# makemessages, into a temporary folder (the repository is never written), and every extracted
# msgid (with its context) must be translated in the committed catalogue.


def _load_makemessages_root() -> ModuleType:
    """scripts/makemessages-root: the one definition of what the root catalogue is built from."""
    path = ROOT / "scripts" / "makemessages-root"
    loader = importlib.machinery.SourceFileLoader("makemessages_root", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


MAKEMESSAGES_ROOT = _load_makemessages_root()
# The mail texts of these files live in the root catalogue, their other strings in their app's
# (ADR 0150): either catalogue may hold a string found only in them, as Django merges both.
MAIL_FILES: set[str] = set(MAKEMESSAGES_ROOT.MAIL_FILES)
FRENCH = Path("locale/fr/LC_MESSAGES/django.po")
APPS = sorted(p.parent.name for p in ROOT.glob("pcrs/*/__init__.py"))


def needs_gettext() -> None:
    """makemessages runs GNU gettext's tools; fails under CI=true when they are missing."""
    missing = [tool for tool in ("xgettext", "msguniq", "msgmerge") if not shutil.which(tool)]
    if missing:
        reason = f"{', '.join(missing)} missing: install them with `apt-get install -y gettext`."
        if os.environ.get("CI") == "true":
            pytest.fail(f"The catalogue check cannot run under CI: {reason}")
        pytest.skip(f"The catalogue check is skipped: {reason}")


def extract(folder: Path, *, ignore: list[str] | None = None) -> polib.POFile:
    """What `makemessages -l fr` finds in `folder` (a scratch copy: it writes into its locale/)."""
    needs_gettext()
    shutil.rmtree(folder / "locale", ignore_errors=True)
    (folder / "locale").mkdir()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        # No LOCALE_PATHS: makemessages would otherwise fall back on the repository's locale/.
        with override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", locale=["fr"], ignore_patterns=ignore or [], verbosity=0)
    finally:
        os.chdir(cwd)
    po_path = folder / FRENCH
    return polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()


def missing_translations(
    extracted: polib.POFile, catalogue: polib.POFile, *, elsewhere: polib.POFile | None = None
) -> list[str]:
    """Each extracted message the catalogue lacks, leaves empty or marks fuzzy, as "where: msgid".
    A message found only in MAIL_FILES may be in `elsewhere` instead (the catalogue they share)."""
    problems = []
    for wanted in extracted:
        candidates = [catalogue.find(wanted.msgid, msgctxt=wanted.msgctxt)]
        files = {file for file, _line in wanted.occurrences}
        if elsewhere is not None and files and files <= MAIL_FILES:
            candidates.append(elsewhere.find(wanted.msgid, msgctxt=wanted.msgctxt))
        if not any(
            entry is not None
            and entry.translated()
            and not entry.fuzzy
            and entry.msgid_plural == wanted.msgid_plural
            for entry in candidates
        ):
            where = ", ".join(f"{file}:{line}" for file, line in wanted.occurrences[:2])
            context = f"[{wanted.msgctxt}] " if wanted.msgctxt else ""
            problems.append(f"{where}: {context}{wanted.msgid!r}")
    return problems


def committed(path: Path) -> polib.POFile:
    return polib.pofile(str(path)) if path.exists() else polib.POFile()


def _copy_sources(source: Path, target: Path) -> None:
    """The app's folder without its catalogue, its tests (never shown) and caches."""

    def skipped(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in {"locale", "tests", "__pycache__"}}

    shutil.copytree(source, target, ignore=skipped)


@pytest.mark.parametrize("app", APPS)
def test_every_marked_string_of_an_app_has_a_french_translation(app: str, tmp_path: Path) -> None:
    _copy_sources(ROOT / "pcrs" / app, tmp_path / app)
    extracted = extract(tmp_path / app)
    mail_files = {
        f.removeprefix(f"pcrs/{app}/") for f in MAIL_FILES if f.startswith(f"pcrs/{app}/")
    }
    po_path = ROOT / "pcrs" / app / FRENCH
    if len(extracted) and not po_path.exists():
        pytest.fail(f"pcrs/{app} marks {len(extracted)} strings but has no {FRENCH}")
    # Occurrences are relative to the app's folder; MAIL_FILES to the repository's root.
    for entry in extracted:
        entry.occurrences = [
            (f"pcrs/{app}/{file}" if file in mail_files else file, line)
            for file, line in entry.occurrences
        ]
    problems = missing_translations(
        extracted, committed(po_path), elsewhere=committed(ROOT / FRENCH)
    )
    assert not problems, f"pcrs/{app}/{FRENCH} lacks French for:\n" + "\n".join(problems)


def test_every_marked_string_of_the_root_has_a_french_translation(tmp_path: Path) -> None:
    """templates/, config/ and the mail texts of MAIL_FILES, as scripts/makemessages-root finds
    them (its own ignore patterns, over a copy of the folders they leave in)."""
    ignore = MAKEMESSAGES_ROOT.ignored()
    skip = {".git", ".venv", "locale", "pcrs", *MAKEMESSAGES_ROOT.ALWAYS_IGNORED}
    for entry in ROOT.iterdir():
        if entry.name in skip or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, tmp_path / entry.name)
        else:
            shutil.copy2(entry, tmp_path / entry.name)
    for file in MAIL_FILES:
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / file, tmp_path / file)
    extracted = extract(tmp_path, ignore=ignore)
    assert len(extracted), "the root catalogue's sources hold no marked string: wrong folder?"
    apps = {f: committed(ROOT / Path(f).parent / FRENCH) for f in MAIL_FILES}
    problems = []
    for entry in extracted:
        files = {file for file, _line in entry.occurrences}
        # A string of one mail file only may be in that file's app catalogue instead.
        owner = apps[next(iter(files))] if len(files) == 1 and files <= MAIL_FILES else None
        single = polib.POFile()
        single.append(entry)
        problems += missing_translations(single, committed(ROOT / FRENCH), elsewhere=owner)
    assert not problems, f"{FRENCH} lacks French for:\n" + "\n".join(problems)


def test_the_catalogue_check_reports_missing_empty_fuzzy_and_uncatalogued_strings(
    tmp_path: Path,
) -> None:
    app = tmp_path / "app"
    (app / "templates").mkdir(parents=True)
    (app / "views.py").write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext_lazy\n"
        'A = _("Pledges")\n'
        'B = _("Withdrawn")\n'
        'C = pgettext_lazy("case", "Closed")\n'
        'D = _("Missions")\n',
        encoding="utf-8",
    )
    (app / "templates" / "page.html").write_text(
        "{% load i18n %}<p>{% translate 'Reports' %}</p>", encoding="utf-8"
    )
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Pledges", msgstr="Contributions"))
    catalogue.append(polib.POEntry(msgid="Withdrawn", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Closed", msgstr="Clos"))  # no context: another msgid
    catalogue.append(polib.POEntry(msgid="Missions", msgstr="Missions", flags=["fuzzy"]))
    problems = missing_translations(extract(app), catalogue)
    assert sorted(p.split(": ", 1)[1] for p in problems) == [
        "'Missions'",  # fuzzy
        "'Reports'",  # in a template, not in the catalogue
        "'Withdrawn'",  # empty
        "[case] 'Closed'",  # the catalogue has it without the context
    ]
    assert not (ROOT / "views.py").exists()


# --- Messages from Python code reach a French reader in French ------------------------------


@pytest.mark.django_db
def test_the_reports_are_french_for_a_french_reader(secretariat) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(secretariat)
    index = client.get(reverse("reports:index")).content.decode()
    paper = client.get(reverse("reports:requirements")).content.decode()
    assert "Ouvrir le dossier d\u2019information" in index
    assert "Besoins actuels et nouveaux en capacités des personnels en uniforme" in paper
    assert "Ce que le Secrétariat demande aux États Membres" in paper
    assert "Current and Emerging" not in paper


@pytest.mark.django_db
def test_domain_errors_are_in_the_readers_language(infantry, fp_bgd) -> None:
    from django.core.exceptions import ValidationError
    from django.utils import timezone, translation

    from pcrs.core.bounds import bounded_int
    from pcrs.core.errors import DomainError
    from pcrs.registry.services import PledgeInput, pledge_create

    too_many_women = PledgeInput(
        capability_type=infantry,
        personnel=10,
        women=11,
        available_from=timezone.localdate() + dt.timedelta(days=30),
    )
    with translation.override("fr"):
        with pytest.raises(DomainError) as bounds:
            bounded_int("x", field="limit")
        with pytest.raises(ValidationError) as pledge:
            pledge_create(actor=fp_bgd, data=too_many_women)
    assert bounds.value.message == "limit doit être un nombre entier."
    assert pledge.value.message_dict["women"] == [
        "Le nombre de femmes (11) ne peut pas dépasser l\u2019effectif (10)."
    ]


# --- The switch ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_french_browser_gets_french_pages() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5").get(reverse("accounts:login"))
    html = page.content.decode()
    assert '<html lang="fr">' in html
    assert "Mot de passe" in html
    assert "Username" not in html


@pytest.mark.django_db
def test_an_english_browser_gets_english_pages() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en").get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html


@pytest.mark.django_db
def test_the_switch_works_without_login_and_sticks() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login = reverse("accounts:login")
    answer = client.post(reverse("set_language"), {"language": "fr", "next": login})
    assert answer.status_code == 302
    assert answer["Location"] == login
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = client.get(login).content.decode()
    assert '<html lang="fr">' in html
    assert "Se connecter" in html
    # The switch offers the other language, in its own name.
    assert 'value="en" lang="en"' in html
    # The page's own form carries no address (a 404 must echo nothing): the switch goes back to
    # the page it was used on by the Referer.
    back = client.post(
        reverse("set_language"), {"language": "en"}, HTTP_REFERER="http://testserver" + login
    )
    assert back["Location"] == "http://testserver" + login
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_a_users_choice_is_stored_and_follows_them_to_another_browser(make_user) -> None:
    user = make_user("fp-choice", Role.OBSERVER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    home = reverse("core:home")
    client.post(reverse("set_language"), {"language": "fr", "next": home})
    user.refresh_from_db()
    assert user.language == "fr"
    assert '<html lang="fr">' in client.get(home).content.decode()
    # A new browser, in English, logs in: the stored choice comes back.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.post(reverse("accounts:login"), {"username": "fp-choice", "password": PASSWORD})
    assert other.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr">' in other.get(home).content.decode()


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(make_user) -> None:
    user = make_user("fp-odd", Role.OBSERVER)
    client = Client()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == ""
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


@pytest.mark.django_db
def test_the_switch_is_a_post_form_without_script() -> None:
    html = Client().get(reverse("accounts:login")).content.decode()
    form = re.search(r'<form[^>]*action="/i18n/setlang/"[^>]*>.*?</form>', html, re.S)
    assert form is not None
    assert 'method="post"' in form.group(0)
    assert "csrfmiddlewaretoken" in form.group(0)
    assert "<script" not in form.group(0) and "onclick" not in form.group(0)


def test_users_without_a_choice_get_the_default_language() -> None:
    assert User(language="").email_language == settings.LANGUAGE_CODE
    assert User(language="fr").email_language == "fr"


# --- Localised dates and numbers -------------------------------------------------------------


@pytest.mark.django_db
def test_a_french_page_shows_french_dates_and_numbers(make_pledge, fp_bgd) -> None:
    pledge = make_pledge("BGD", personnel=1250, women=130, available_from=dt.date(2027, 3, 2))
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(fp_bgd)
    html = client.get(reverse("registry:pledge_detail", args=[pledge.pk])).content.decode()
    assert '<html lang="fr">' in html
    assert "2 mars 2027" in html  # a French month name, French day-month-year order
    assert "1\xa0250" in html  # a French thousands separator (a no-break space)
    assert "Disponible à partir du" in html
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(fp_bgd)
    html = english.get(reverse("registry:pledge_detail", args=[pledge.pk])).content.decode()
    assert "2 March 2027" in html
    assert "1,250" in html
