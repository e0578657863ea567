"""Field normalisation for harvested project pages: titles, summaries, websites, contacts, dates.

Each function takes raw harvested text and returns a clean value, or an empty result when the
input does not hold one; none raises on bad input. Used by the ``projects`` consolidation
service before a record is matched and merged into a Project.

Website policy (:func:`normalize_website`): a project's website is its own site. Rejected: the
harvested partner's own domains (the page we read is not the project's site), social networks
and video platforms (facebook, twitter/x, linkedin, instagram, youtube, tiktok, …), link
shorteners and non-web URLs. HelloAsso is **accepted** but reduced to the association's page
(``https://www.helloasso.com/associations/<slug>``): for many small associations it is their
only public, login-free page with an official description, while a social profile is not a
website. :func:`pick_website` prefers any real site over a HelloAsso page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from projects.consolidation.text import fold, simple_key
from projects.html import strip_controls

__all__ = [
    "clean_title",
    "description_without_emails",
    "extract_emails",
    "extract_phones",
    "host_of",
    "parse_date",
    "make_summary",
    "normalize_website",
    "normalize_whitespace",
    "parse_start_year",
    "phone_to_e164",
    "pick_website",
    "remove_emails",
    "strip_affixes",
    "title_key",
    "title_quality",
]

# Whitespace ------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009\u2007\u3000\f\v]+")


def normalize_whitespace(text: str | None, *, keep_newlines: bool = False) -> str:
    """Remove invisible characters, collapse spaces; keep paragraph breaks if asked.

    With ``keep_newlines`` lines are kept and runs of blank lines become one blank line.
    """
    if not text:
        return ""
    text = strip_controls(text).translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    if not keep_newlines:
        return " ".join(text.split())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Titles ----------------------------------------------------------------------------------

_TITLE_PREFIX = re.compile(
    r"^(?:fiche\s+)?(?:initiative|projet|action|exp[ée]rience|portrait|zoom\s+sur|focus|"
    r"d[ée]couvrez|innovation\s+sociale|lauréat|laureat)\s*(?:n°\s*\d+\s*)?[:：\-–—|]\s*",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::|»|/)\s+")
# Acronyms kept in capitals when a title is rewritten from ALL CAPS.
ACRONYMS = frozenset(
    """ESS SCOP SCIC SIAE IAE ESAT EA EHPAD CCAS CIAS AMAP QPV RSA PME TPE ETI ONG ADEME CNRS UE
    ZAC CAF MJC MSA CPAM ARS CIS TZCLD SAS SARL SASU RGPD BTP PMR LGBT LGBTQI LGBTQIA EPCI
    PLIE GEIQ CAE PTCE RNA SIRET TIC TICE FLE ALSH ASE MDPH AAH FALC LSF EEDD CLAS REP REP+
    ZEP RSE ISR NEET CV DIY IA TV FM USA PACA IDF DOM TOM CPF VAE BAFA BPJEPS CAP BTS BEP DUT
    BUT HLM OPH SDF VIH SIDA IST CHU CHR CHRS CADA HUDA SNCF RATP EDF GRDF ENEDIS OCDE ONU
    UNESCO""".split()  # noqa: SIM905
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\S", re.UNICODE)


def _is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return len(letters) >= 6 and upper / len(letters) > 0.8


def _proper_noun_keys() -> dict[str, str]:
    """Commune (≥ 20,000 inhabitants), department and region names by key, for re-casing."""
    from projects.consolidation.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    names = {simple_key(c.name): c.name for c in gaz.communes if (c.population or 0) >= 20_000}
    names.update({simple_key(d.name): d.name for d in gaz.departments()})
    names.update({simple_key(r.name): r.name for r in gaz.regions()})
    return names


def _recase(title: str) -> str:
    """Sentence case for an ALL-CAPS title, keeping acronyms and known place names."""
    places = _proper_noun_keys()
    lowered = title.lower()
    # Place names, longest first, on the lowered title (hyphenated names are one token).
    for match in sorted(re.finditer(r"[^\W\d_][\w'’\-]*", lowered), key=lambda m: -len(m.group(0))):
        name = places.get(simple_key(match.group(0)))
        if name and len(match.group(0)) == len(name):
            lowered = lowered[: match.start()] + name + lowered[match.end() :]

    def keep_acronym(match: re.Match[str]) -> str:
        original = title[match.start() : match.end()]
        return original if original.upper() in ACRONYMS or "." in original else match.group(0)

    lowered = re.sub(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?", keep_acronym, lowered)
    for i, char in enumerate(lowered):
        if char.isalpha():
            return lowered[:i] + char.upper() + lowered[i + 1 :]
    return lowered


def _fix_caps_words(title: str) -> str:
    """In a mixed-case title, "Les JARDINS de l'ESPOIR" → "Les Jardins de l'Espoir"."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or word.upper() != word or word in ACRONYMS:
            return word
        return word[0] + word[1:].lower()

    return re.sub(r"[^\W\d_]+", fix, title)


def strip_affixes(title: str, prefixes: Iterable[str] = (), suffixes: Iterable[str] = ()) -> str:
    """``title`` without the first of ``prefixes`` it starts with and the first of ``suffixes``
    it ends with (affixes a source repeats on its pages: "Initiative : ", " | Fondation X")."""
    title = normalize_whitespace(title)
    for prefix in prefixes:
        prefix = normalize_whitespace(prefix)
        if prefix and title.startswith(prefix) and len(title) > len(prefix):
            title = title[len(prefix) :].strip()
            break
    for suffix in suffixes:
        suffix = normalize_whitespace(suffix)
        if suffix and title.endswith(suffix) and len(title) > len(suffix):
            title = title[: -len(suffix)].strip()
            break
    return title


def clean_title(
    title: str | None,
    site_name: str | None = None,
    *,
    prefixes: Iterable[str] = (),
    suffixes: Iterable[str] = (),
) -> str:
    """Project title without site name, "Projet :" prefixes, HTML entities or ALL-CAPS damage.

    Affixes learned from the source's pages (``prefixes``/``suffixes``) are removed first. The
    site name is removed when it is a leading or trailing segment separated by " | ",
    " - ", " – ", " — ", " · " or " / " (compared without accents or case, ".org" ignored);
    without ``site_name`` only a trailing " | segment" is dropped, the usual CMS pattern.
    """
    title = strip_affixes(html.unescape(title or ""), prefixes, suffixes)
    if not title:
        return ""
    segments = _SEPARATORS.split(title)
    if len(segments) > 1:
        site_key = simple_key(
            re.sub(r"\.(?:org|fr|com|net|eu|coop|asso\.fr)\b", "", site_name or "")
        )

        def is_site(segment: str) -> bool:
            key = simple_key(re.sub(r"\.(?:org|fr|com|net|eu|coop)\b", "", segment))
            return bool(site_key) and (key == site_key or key in site_key or site_key in key)

        while len(segments) > 1 and is_site(segments[-1]):
            title = title[: title.rfind(segments[-1])]
            title = re.sub(r"\s+(?:\||-|–|—|·|::|»|/)\s*$", "", title)
            segments.pop()
        while len(segments) > 1 and is_site(segments[0]):
            title = title[len(segments[0]) :]
            title = re.sub(r"^\s*(?:\||-|–|—|·|::|»|/)\s+", "", title)
            segments.pop(0)
        if not site_key and " | " in title:
            title = title.rsplit(" | ", 1)[0]
    previous = None
    while previous != title:
        previous = title
        title = _TITLE_PREFIX.sub("", title, count=1).strip()
    title = title.strip(" -–—|:·")
    title = _recase(title) if _is_shouting(title) else _fix_caps_words(title)
    return normalize_whitespace(title)


#: A label word some sites (aggregators above all) put before a project's name: "Projet X".
_LABEL_WORD = re.compile(
    r"^(?:(?:la\s+|le\s+|l['’]\s*)?(?:fiche\s+)?(?:projet|initiative|action|exp[ée]rience|"
    r"portrait|lauréat|laureat)s?)\s+(?=\S)",
    re.IGNORECASE,
)


def title_key(title: str | None) -> str:
    """What two spellings of one project name share: no accents, case, punctuation or leading
    label word ("Projet X", "PROJET X", "Initiative : X" and "X" have one key)."""
    key = simple_key(title or "")
    previous = None
    while previous != key:
        previous = key
        key = _LABEL_WORD.sub("", key, count=1).strip()
    return key


def title_quality(title: str | None) -> int:
    """How well a title is spelt, to choose among spellings of one name (higher is better):
    not written in capitals, with its accents, without a label word in front."""
    title = normalize_whitespace(html.unescape(title or ""))
    if not title:
        return -10
    letters = [c for c in title if c.isalpha()]
    score = 0 if _is_shouting(title) else 2
    score += 1 if any(not c.isascii() for c in letters) else 0
    score -= 1 if _LABEL_WORD.match(title) or _TITLE_PREFIX.match(title) else 0
    return score


# Summaries --------------------------------------------------------------------------------

_ABBREVIATIONS = re.compile(
    r"\b(?:M|Mme|Mlle|MM|Dr|Pr|St|Ste|av|bd|cf|ex|etc|env|n°|p|vol|art|J|Ch|Jr)\.$|\b[A-Z]\.$"
)
_JUNK_LINE = re.compile(
    r"^(?:accueil\s*[>»/]|publi[ée]\s+le|mis\s+à\s+jour|mise\s+à\s+jour|partager|imprimer|"
    r"lire\s+la\s+suite|en\s+savoir\s+plus|retour|cookies?|tags?\s*:|cat[ée]gories?\s*:|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$)",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    """Split into sentences, not after abbreviations ("M.", "cf.", initials)."""
    result: list[str] = []
    current = ""
    for part in re.split(r"(?<=[.!?…])\s+(?=[«\"(\[A-ZÀ-Ý0-9])", text):
        current = f"{current} {part}".strip() if current else part
        if not _ABBREVIATIONS.search(current):
            result.append(current)
            current = ""
    if current:
        result.append(current)
    return result


def _shorten(text: str, max_len: int) -> str:
    if len(text) <= max_len:
        return text
    cut = text[: max_len - 1]
    if " " in cut and not text[max_len - 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–—(«\"'") + "…"


def _content_words(text: str) -> set[str]:
    return {w for w in simple_key(text).split() if len(w) > 3}


def make_summary(text: str | None, description: str | None = None, max_len: int = 300) -> str:
    """A short plain-text summary: the meta description, or the first real sentences.

    The description is preferred when it is long enough (≥ 60 characters) and about the page:
    at least a quarter of its words occur in the text (a site-wide description does not).
    Otherwise the first sentences of ``text`` are used, skipping breadcrumbs, dates and
    "Partager"-style lines. The result is at most ``max_len`` characters, cut on a word
    boundary and ending with "…" when shortened.
    """
    body = normalize_whitespace(html.unescape(text or ""), keep_newlines=True)
    description = normalize_whitespace(html.unescape(description or ""))
    if description and len(description) >= 60:
        words = _content_words(description)
        if not body or not words or len(words & _content_words(body)) / len(words) >= 0.25:
            return _shorten(description, max_len)
    lines = [
        line
        for line in body.split("\n")
        if line and not _JUNK_LINE.match(line) and (len(line) >= 40 or line[-1:] in ".!?…")
    ]
    if not lines:
        return _shorten(description, max_len) if description else ""
    summary = ""
    for sentence in _sentences(" ".join(lines)):
        candidate = f"{summary} {sentence}".strip()
        if summary and len(candidate) > max_len:
            break
        summary = candidate
        if len(summary) >= 120:
            break
    return _shorten(summary, max_len)


# Websites --------------------------------------------------------------------------------

SOCIAL_DOMAINS = frozenset(
    """facebook.com fb.com fb.me fb.watch messenger.com twitter.com x.com t.co linkedin.com
    lnkd.in instagram.com instagr.am youtube.com youtu.be youtube-nocookie.com tiktok.com
    pinterest.com pinterest.fr snapchat.com threads.net bsky.app vimeo.com dailymotion.com
    dai.ly flickr.com whatsapp.com wa.me t.me telegram.me discord.gg discord.com twitch.tv
    tumblr.com reddit.com mastodon.social""".split()  # noqa: SIM905
)
SHORTENER_DOMAINS = frozenset(
    ["bit.ly", "tinyurl.com", "ow.ly", "goo.gl", "buff.ly", "urlz.fr", "is.gd", "lc.cx"]
)
PLATFORM_DOMAINS = frozenset({"helloasso.com"})
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|xtor|_hs\w+)$")


def _domain_matches(host: str, domain: str) -> bool:
    domain = domain.lower().strip(".")
    return host == domain or host.endswith("." + domain)


def host_of(value: str | None) -> str:
    """Lower-case host of a URL, or of a bare domain ("asso.fr/page"), without ``www.``; ''
    when there is none. The one host helper of harvesting and consolidation."""
    value = (value or "").strip()
    if "//" not in value and not re.match(r"^[a-z][a-z0-9+.-]*:(?!\d)", value, re.IGNORECASE):
        value = "//" + value
    try:
        host = (urlsplit(value).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def normalize_website(url: str | None, partner_domains: Iterable[str] = ()) -> str | None:
    """Canonical project website, or None if the URL is not one (see module docstring).

    Adds ``https://`` when the scheme is missing, lower-cases the host, drops default ports,
    fragments and tracking parameters, and the trailing slash of a bare domain.
    ``partner_domains`` are host names or URLs of the partner; their subdomains are rejected too.
    """
    if not url:
        return None
    url = url.strip().strip("<>\"'")
    if not url or re.match(r"^(?:mailto|tel|javascript|data|ftp|file):", url, re.IGNORECASE):
        return None
    if url.startswith("//"):
        url = "https:" + url
    elif not re.match(r"^https?://", url, re.IGNORECASE):
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) and not re.match(
            r"^[\w.-]+\.[a-z]{2,}(?::\d+)?(?:/|$)", url, re.IGNORECASE
        ):
            return None
        url = "https://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if (
        not host
        or "." not in host
        or re.fullmatch(r"[\d.]+", host)
        or ":" in host
        or host.endswith((".local", ".localhost", ".test", ".example", ".invalid"))
        or not re.fullmatch(r"[a-z0-9\-.\u00a0-\uffff]+", host)
    ):
        return None
    bare = host.removeprefix("www.")
    if any(_domain_matches(bare, d) for d in SOCIAL_DOMAINS | SHORTENER_DOMAINS):
        return None
    if any(_domain_matches(bare, host_of(d)) for d in partner_domains if host_of(d)):
        return None
    scheme = parts.scheme.lower()
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "")
    if _domain_matches(bare, "helloasso.com"):
        match = re.match(r"^/associations/([^/]+)", path)
        if not match:
            return None
        return f"https://www.helloasso.com/associations/{match.group(1).lower()}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    if path == "/" and not query:
        path = ""
    return urlunsplit((scheme, netloc, path, query, ""))


def pick_website(
    candidates: Iterable[str | None], partner_domains: Iterable[str] = ()
) -> str | None:
    """First acceptable website among ``candidates``, a real site before a HelloAsso page."""
    partner_domains = tuple(partner_domains)
    fallback = None
    for candidate in candidates:
        url = normalize_website(candidate, partner_domains)
        if url is None:
            continue
        if any(_domain_matches(host_of(url), d) for d in PLATFORM_DOMAINS):
            fallback = fallback or url
            continue
        return url
    return fallback


# E-mails ---------------------------------------------------------------------------------

_OBFUSCATED_TLDS = frozenset(
    """fr com org net eu info coop asso bzh paris alsace corsica re gp mq gf yt pm nc pf wf be ch
    lu ca de es it uk io co me tv bio eco ong ngo edu app dev xyz online site tech email
    social solutions world earth green cloud ma tn sn ci cm dz mg bj bf ml ne td ht pt
    nl""".split()  # noqa: SIM905
)
_PLACEHOLDER_EMAIL = re.compile(
    r"^(?:[^@]*@(?:example|exemple|domaine|domain|votre-?domaine|email|test)\.|"
    r"(?:votre|your|nom|prenom|xxx|email|adresse|mail)[._-]?(?:email|mail|nom)?@)",
    re.IGNORECASE,
)
_FILE_TLDS = frozenset(["png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "js", "css"])
_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"(?<![\w.%+\-])({_LOCAL})@((?:{_LABEL}\.)+[A-Za-z]{{2,24}})(?![\w\-])")
_AT = (
    r"(?:\s*[\[\(\{<]\s*(?:at|@|arobase|arrobase)\s*[\]\)\}>]\s*|"
    r"\s+(?:at|arobase|arrobase)\s+|\s+@\s*|\s*@\s+)"
)
_DOT = r"(?:\s*[\[\(\{<]\s*(?:dot|point|\.)\s*[\]\)\}>]\s*|\s+(?:dot|point)\s+|\s+\.\s*|\s*\.\s+)"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.%+\-])({_LOCAL}){_AT}({_LABEL}(?:(?:{_DOT}|\.){_LABEL})+)(?![\w\-])",
    re.IGNORECASE,
)


def _valid_email(local: str, domain: str, *, placeholders: bool = False) -> str | None:
    domain = domain.lower().strip(".")
    labels = domain.split(".")
    if len(labels) < 2 or len(local) > 64 or len(domain) > 253 or ".." in local:
        return None
    if labels[-1] in _FILE_TLDS or not labels[-1].isalpha():
        return None
    email = f"{local}@{domain}".lower()
    return None if not placeholders and _PLACEHOLDER_EMAIL.match(email) else email


def extract_emails(text: str | None) -> list[str]:
    """Valid e-mail addresses in ``text`` (lower case, in order, no duplicates).

    Understands the usual obfuscations: "contact [at] asso.fr", "contact(at)asso(dot)fr",
    "contact arobase asso point fr", "contact @ asso . fr"; an obfuscated address must end in
    a known top-level domain so that prose ("… point de vue") is not swallowed. Placeholders
    (``votre.email@…``, ``@example.com``) and image names (``logo@2x.png``) are dropped.
    """
    if not text:
        return []
    text = html.unescape(text).replace("%40", "@").replace("\u00a0", " ")
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for match in _PLAIN_EMAIL.finditer(text):
        email = _valid_email(match.group(1), match.group(2))
        spans.append(match.span())
        if email:
            found.append((match.start(), email))
    for match in _OBFUSCATED_EMAIL.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        labels = re.split(_DOT + r"|\.", match.group(2), flags=re.IGNORECASE)
        labels = [label for label in labels if label]
        # Keep labels up to the last known top-level domain ("asso point fr point Le" → asso.fr).
        while labels and labels[-1].lower() not in _OBFUSCATED_TLDS:
            labels.pop()
        if len(labels) < 2:
            continue
        email = _valid_email(match.group(1), ".".join(labels))
        if email:
            found.append((match.start(), email))
    result: list[str] = []
    for _, email in sorted(found):
        if email not in result:
            result.append(email)
    return result


def _obfuscated_end(match: re.Match[str]) -> int | None:
    """End of the address an obfuscated match holds (up to its last known top-level domain)."""
    domain, start = match.group(2), match.start(2)
    labels: list[tuple[str, int]] = []
    pos = 0
    for sep in re.finditer(_DOT + r"|\.", domain, flags=re.IGNORECASE):
        if sep.start() > pos:
            labels.append((domain[pos : sep.start()], sep.start()))
        pos = sep.end()
    if pos < len(domain):
        labels.append((domain[pos:], len(domain)))
    while labels and labels[-1][0].lower() not in _OBFUSCATED_TLDS:
        labels.pop()
    if len(labels) < 2:
        return None
    address = ".".join(label for label, _ in labels)
    if not _valid_email(match.group(1), address, placeholders=True):
        return None
    return start + labels[-1][1]


# Every address form matched below holds "@", "%40", "arobase" or a bracketed or spaced "at":
# substring tests spare most texts the full expressions (the public records pass every summary
# through remove_emails).
_SPACED_AT = re.compile(r"\sat\s")


def _may_hold_email(text: str) -> bool:
    if "@" in text or "%40" in text:
        return True
    low = text.lower()
    if "obase" in low or "(at" in low or "[at" in low or "{at" in low or "<at" in low:
        return True
    return ("at " in low or "at\n" in low or "at\t" in low) and bool(_SPACED_AT.search(low))


def remove_emails(text: str | None) -> str:
    """``text`` without the e-mail addresses :func:`extract_emails` would find in it (plain
    and obfuscated: "nom [at] asso [point] fr", "nom(at)asso.fr", "nom @ asso . fr").

    Contact addresses are kept in the project's private ``contact_email`` and never shown: the
    project page offers the platform's contact form instead."""
    if not text or not _may_hold_email(text):
        return text or ""
    text = text.replace("%40", "@").replace("\u00a0", " ")
    spans: list[tuple[int, int]] = []
    for match in _PLAIN_EMAIL.finditer(text):
        if _valid_email(match.group(1), match.group(2), placeholders=True):
            spans.append(match.span())
    for match in _OBFUSCATED_EMAIL.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        end = _obfuscated_end(match)
        if end is not None:
            spans.append((match.start(), end))
    for start, end in sorted(spans, reverse=True):
        before, after = text[:start], text[end:]
        if before.endswith(" ") and (after[:1] in (" ", ",", ".", ";", ")") or not after):
            before = before[:-1]
        text = before + after
    return text


_TAG = re.compile(r"(<[^>]*>)")
_MAILTO_HREF = re.compile(r"""\s+href\s*=\s*(?:"mailto:[^"]*"|'mailto:[^']*')""", re.IGNORECASE)
_EMPTY_ANCHOR = re.compile(r"<a\b[^>]*>(?:\s|&nbsp;)*</a>", re.IGNORECASE)
# A block left holding only its label once the address is gone ("Contact :", "E-mail :").
_EMPTY_LABEL = re.compile(
    r"<(p|li|span|strong|b|em)\b[^>]*>(?:\s|&nbsp;|<br\s*/?>)*(?:(?:contact|e-?mail|mail|"
    r"courriel|m[ée]l|adresse(?:\s+e-?mail)?|[ée]crire)(?:\s|&nbsp;)*:?(?:\s|&nbsp;|<br\s*/?>)*)?"
    r"</\1>",
    re.IGNORECASE,
)


def description_without_emails(description: str | None) -> str:
    """Sanitised HTML ``description`` without any e-mail address: ``mailto:`` links lose their
    target, addresses leave the text (plain or obfuscated), labels left empty go."""
    if not description:
        return ""
    parts = _TAG.split(_MAILTO_HREF.sub("", description))
    for i, part in enumerate(parts):
        if i % 2:  # a tag: its attributes (an address in a link's query string)
            parts[i] = _PLAIN_EMAIL.sub("", part) if "@" in part else part
        elif part:
            parts[i] = html.escape(remove_emails(html.unescape(part)), quote=False)
    cleaned = "".join(parts)
    for pattern in (_EMPTY_ANCHOR, _EMPTY_LABEL, _EMPTY_LABEL):
        cleaned = pattern.sub("", cleaned)
    return cleaned.strip()


# Phones ----------------------------------------------------------------------------------

_OVERSEAS_CODES = {"262": "2", "269": "2", "508": "5", "590": "5", "594": "5", "596": "5"}
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?(33|262|269|508|590|594|596)\s?(?:\(\s?0\s?\)\s?)?|0)"
    r"([1-9](?:[\s.\-/]?\d){8})(?![\d])"
)
# Overseas numbers: national prefix → E.164 country code.
_E164_PREFIXES = {
    "0262": "262", "0263": "262", "0692": "262", "0693": "262", "0269": "262", "0639": "262",
    "0590": "590", "0690": "590", "0691": "590", "0594": "594", "0694": "594", "0596": "596",
    "0696": "596", "0697": "596", "0508": "508",
}  # fmt: skip


def _national(country: str | None, digits: str) -> str | None:
    if country in (None, "33"):
        return "0" + digits
    # "+262 262 12 34 56" → 0262 12 34 56 ; the 9 digits already carry the local prefix.
    national = "0" + digits
    return national if national[:4] in _E164_PREFIXES else None


def extract_phones(text: str | None) -> list[str]:
    """French phone numbers in ``text``, as "01 23 45 67 89" (in order, no duplicates).

    Accepts spaces, dots, dashes or nothing between digit pairs, and the international forms
    "+33 1 …", "+33 (0)1 …", "0033 1 …" and overseas "+262", "+590", "+594", "+596", "+508".
    Digits inside longer numbers (SIRET, IBAN) are not taken. :func:`phone_to_e164` gives the
    international form.
    """
    if not text:
        return []
    result: list[str] = []
    for match in _PHONE.finditer(text.replace("\u00a0", " ").replace("\u202f", " ")):
        digits = re.sub(r"\D", "", match.group(2))
        national = _national(match.group(1), digits)
        if national is None or len(national) != 10:
            continue
        display = " ".join(national[i : i + 2] for i in range(0, 10, 2))
        if display not in result:
            result.append(display)
    return result


def phone_to_e164(phone: str) -> str:
    """ "01 23 45 67 89" → "+33123456789"; overseas numbers get their own country code."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) != 10 or not digits.startswith("0"):
        return ""
    country = _E164_PREFIXES.get(digits[:4], "33")
    return f"+{country}{digits[1:]}"


# Dates -----------------------------------------------------------------------------------

_FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_FRENCH_DATE = re.compile(
    r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_FRENCH_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def parse_date(value: str | None) -> datetime | None:
    """A date as pages, sitemaps and feeds write it, as an aware datetime (UTC if naive):
    ISO 8601 / W3C, RFC 822 (RSS), "12 mars 2024", "12/03/2024". None when it is not one.
    The one date parser of harvesting and consolidation."""
    value = (value or "").strip()
    if not value:
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        match = _FRENCH_DATE.search(value)
        numeric = _NUMERIC_DATE.search(value)
        try:
            if match:
                day, month, year = match.groups()
                parsed = datetime(int(year), _FRENCH_MONTHS[month.lower()], int(day))
            elif numeric:
                day, month, year = numeric.groups()
                parsed = datetime(int(year), int(month), int(day))
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
                parsed = datetime.fromisoformat(value[:10])
            else:
                parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# Start year ------------------------------------------------------------------------------

_MONTHS = (
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"janv|fevr|sept|oct|nov|dec"
)
_YEAR = r"(1[89]\d{2}|20\d{2})"
_FILLER = r"(?:[^\d.;!?\n]|\b\d{1,2}(?:er)?\b|\b\d{1,2}[/.-]\d{1,2}[/.-](?=\d{4}))"
_NOT_A_QUANTITY = (
    r"(?!\s*(?:€|euros?\b|eur\b|k€|personnes|habitants|familles|beneficiaires|participants|"
    r"jeunes|m2|m²|km|ha\b|tonnes|%|adherents|benevoles|salaries|exemplaires|heures|repas|"
    r"visiteurs|eleves|enfants|membres|foyers|logements))"
)
_START_LABEL = re.compile(
    rf"\b(?:date|annee)\s+de\s+(?:creation|lancement|demarrage)\s*:?\s*{_FILLER}{{0,20}}?\b{_YEAR}\b"
    + _NOT_A_QUANTITY,
    re.IGNORECASE,
)
_START_PHRASE = re.compile(
    r"\b(?:cree(?:e|es|s)?|fonde(?:e|es|s)?|lance(?:e|es|s)?|ne(?:e|es|s)?|initie(?:e|es|s)?|"
    r"demarre(?:e|es|s)?|ouvert(?:e|es|s)?|inaugure(?:e|es|s)?|mis(?:e|es)?\s+en\s+(?:place|oeuvre)|"
    r"(?:a|ont|avons)\s+vu\s+le\s+jour|voit\s+le\s+jour|existe|depuis|"
    r"creation|lancement|demarrage|fondation|naissance|debut(?:e|ee)?)\b"
    rf"{_FILLER}{{0,40}}?\b{_YEAR}\b" + _NOT_A_QUANTITY,
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(rf"^\s*(?:{_MONTHS})?\.?\s*{_YEAR}\s*$", re.IGNORECASE)
_DATE_ONLY = re.compile(
    rf"^\s*(?:{_YEAR}-\d{{1,2}}(?:-\d{{1,2}})?(?:[T ][\d:.+\-Z]*)?|"
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-]{_YEAR}|"
    rf"(?:\d{{1,2}}(?:er)?\s+)?(?:{_MONTHS})\.?\s+{_YEAR})\s*$",
    re.IGNORECASE,
)
MIN_START_YEAR = 1800


def parse_start_year(
    value: str | date | datetime | int | None, *, today: date | None = None
) -> int | None:
    """Year a project started, from a date, a year or a sentence; None if not plausible.

    Accepted: ``date``/``datetime``, an int, an ISO or French date ("2019-03-12", "12/03/2019",
    "mars 2019"), a bare year, or a text with a start phrase: "créé en 2015", "depuis 2018",
    "lancé en septembre 2020", "a vu le jour en 2016", "date de création : 2014". A labelled
    date wins; otherwise the earliest year found after a start phrase is the start. Years before
    1800 or after the current year (``today``) are rejected; a year mentioned without a start
    phrase ("en 2019, 300 familles…") is not a start year.
    """
    today = today or date.today()

    def plausible(year: int) -> int | None:
        return year if MIN_START_YEAR <= year <= today.year else None

    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):
        return plausible(value.year)
    if isinstance(value, int):
        return plausible(value)
    text = fold(normalize_whitespace(str(value)))
    if not text:
        return None
    for pattern in (_YEAR_ONLY, _DATE_ONLY):
        match = pattern.match(text)
        if match:
            year = next(g for g in match.groups() if g)
            return plausible(int(year))
    labelled = [plausible(int(m.group(1))) for m in _START_LABEL.finditer(text)]
    labelled = [y for y in labelled if y]
    if labelled:
        return labelled[0]
    years = [plausible(int(m.group(1))) for m in _START_PHRASE.finditer(text)]
    years = [y for y in years if y]
    return min(years) if years else None
