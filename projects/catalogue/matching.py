"""Forgiving full-text matching: typed words → the tsqueries and the rank of the catalogue.

``search_plan("tiers-lieux ESS")`` gives one *term* per word or synonym phrase:

- each word with its plural/singular variants the French stemmer does not join ("lieux" /
  "lieu", "locaux" / "local"); hyphenated forms are split like the vector's ("tiers-lieux"
  matches "tiers lieu");
- a phrase of the editable synonym list (``projects.models.Synonym``) with every equivalent
  expression: "ESS" | "économie & sociale & solidaire";
- the last word as a prefix only when no project has it as a whole word (type-ahead "educ"
  finds "éducation"; "Rennes" never finds "Renaison").

``all_raw`` requires every term; ``raw("any")`` one of them, for the fallback the search uses
when every-word matching finds few projects (ranked by the number of words matched), without
the words most projects hold (``any_words``, ``projects.catalogue.common_words``). Words reach
PostgreSQL only as ``[a-z0-9]`` keys: nothing typed can be read as a tsquery operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.db.models import Count, FloatField, Max
from django.db.models.expressions import RawSQL

from projects.catalogue.cache import cached_answer
from projects.catalogue.common_words import share
from projects.catalogue.db import read_connection
from projects.catalogue.understanding import _TOKEN, key, theme_hits

SEARCH_CONFIG = "french_unaccent"
MAX_WORDS = 12
MIN_PREFIX = 3
# any-word matching leaves out a word more than this share of projects hold (see ``any_words``)
MAX_SHARE = 0.2
#: the any-word modes (``SearchParams.match``): ranked by the number of words matched
WIDE_MATCHES = ("any", "any-all")
THEME_BONUS = 0.5  # per theme of the query the project has: above any text rank difference
# French words that carry no meaning for a search (the configuration drops them too; dropping
# them here keeps them from being the last word, taken as a prefix)
_STOPWORDS = (
    "a au aux avec ce ces d dans de des du en et l la le les leur leurs ou par pour qu que qui "
    "sa se ses son sur un une vers chez entre sans sous"
)
STOPWORDS = set(_STOPWORDS.split())


@dataclass(frozen=True)
class SearchPlan:
    terms: tuple[str, ...]  # tsquery text of each term
    words: tuple[str, ...]  # tsquery text of each word of every term (any-word matching)
    exact_terms: tuple[str, ...]  # the same with the last word whole (never a prefix)
    prefix: bool  # the last term is a prefix
    theme_ids: tuple[int, ...]  # themes the text names (ranked first)
    # words of the synonym list's expressions: any-word matching always keeps them
    synonym_words: tuple[str, ...] = ()

    @property
    def all_raw(self) -> str:
        return " & ".join(self.terms)

    @property
    def any_raw(self) -> str:
        """Every word, one of them enough (highlights, the rank of any-word matching)."""
        return " | ".join(self.words)

    @property
    def widens(self) -> bool:
        """Does any-word matching find more than every-word matching could?"""
        return len(self.words) > 1

    def any_words(self) -> tuple[str, ...]:
        """The words any-word matching looks for: every word but those more than
        ``MAX_SHARE`` of the projects hold (a word in most projects would make it match, count
        and rank most of the catalogue; the rank still counts it among the words matched) and
        is not a word of a synonym the text named (an acronym's expansion says what it means).
        When no other word is in any project, the least common word alone, so that a text made
        of common words still finds projects. (It depends on the text only: the facet counts,
        each computed without its own filter, match the same projects.)"""
        if len(self.words) < 2:
            return self.words
        shares = {w: 0.0 if w in self.synonym_words else share(w) for w in self.words}
        rare = tuple(w for w in self.words if shares[w] <= MAX_SHARE or w in self.synonym_words)
        if len(rare) == len(self.words) or any(map(term_exists, rare)):
            return rare
        return (min((w for w in self.words if w not in rare), key=shares.__getitem__),)

    def raw(self, match: str) -> str:
        """The tsquery text that selects the projects (``match``: "all", "any" or "any-all")."""
        if match == "any-all":
            return self.any_raw
        return " | ".join(self.any_words()) if match == "any" else self.all_raw


def _variants(word: str) -> list[str]:
    """``word`` and the singular/plural forms the French stemmer keeps apart."""
    forms = [word]
    if len(word) > 4 and word.endswith("aux"):
        forms.append(word[:-3] + "al")  # locaux → local
    elif len(word) > 3 and word.endswith("x"):
        forms.append(word[:-1])  # lieux → lieu, jeux → jeu
    elif len(word) > 3 and word.endswith("al"):
        forms.append(word[:-2] + "aux")
    return forms


def _word_term(word: str, *, prefix: bool = False) -> str:
    forms = _variants(word)
    if prefix:
        forms = [f"{forms[0]}:*", *forms[1:]]
    return forms[0] if len(forms) == 1 else "(" + " | ".join(forms) + ")"


def _phrase_term(phrase: str) -> str | None:
    words = [w for w in phrase.split() if w not in STOPWORDS]
    if not words:
        return None
    return words[0] if len(words) == 1 else "(" + " & ".join(words) + ")"


def synonym_groups() -> dict[str, tuple[str, ...]]:
    """``{expression key: every expression key of its group}``, from the ``Synonym`` rows (read
    again when one is added, edited or deleted; the stamp is read at most every 5 seconds)."""
    stamp = cache.get("matching:synonyms-stamp")
    if stamp is None:
        from projects.models import Synonym

        found = Synonym.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        stamp = f"{found['n']}:{found['last'] and found['last'].timestamp()}"
        cache.set("matching:synonyms-stamp", stamp, 5)
    return _synonym_groups(stamp)


@lru_cache(maxsize=4)
def _synonym_groups(stamp: str) -> dict[str, tuple[str, ...]]:
    from projects.models import Synonym

    groups: dict[str, tuple[str, ...]] = {}
    for synonym in Synonym.objects.all():
        keys = tuple(dict.fromkeys(k for k in map(key, synonym.expression_list()) if k))
        for k in keys:
            groups[k] = tuple(dict.fromkeys((*groups.get(k, ()), *keys)))
    return groups


def is_whole_word(word: str) -> bool:
    """Does some published project have ``word`` (a key) as a whole word? (GIN index look-up,
    cached per catalogue version.)"""
    return term_exists(_word_term(word))


def term_exists(term: str) -> bool:
    """Does some published project match the tsquery text ``term``? (GIN index look-up,
    cached per catalogue version.)"""

    def compute():
        with read_connection().cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM projects_project WHERE live AND "
                "search_vector @@ to_tsquery(%s, %s))",
                [SEARCH_CONFIG, term],
            )
            return cursor.fetchone()[0]

    return cached_answer("whole-word", (term,), compute)


def search_plan(text: str) -> SearchPlan | None:
    """The plan for ``text``, or ``None`` when it has no meaningful word."""
    # "a_b" is one \w token but two keys: only [a-z0-9] words ever reach a tsquery
    keys = [w for t in _TOKEN.findall(text or "") for w in key(t).split()][: MAX_WORDS * 2]
    groups = synonym_groups()
    longest = max((len(k.split()) for k in groups), default=1)
    terms: list[str] = []
    words: list[str] = []
    synonym_words: list[str] = []
    last_word = None
    i = 0
    while i < len(keys) and len(terms) < MAX_WORDS:
        for n in range(min(longest, len(keys) - i), 0, -1):
            phrase = " ".join(keys[i : i + n])
            if phrase in groups:
                alternatives = [t for t in map(_phrase_term, groups[phrase]) if t]
                if alternatives:
                    terms.append("(" + " | ".join(alternatives) + ")")
                    last_word = None
                    for alternative in groups[phrase]:
                        added = [
                            _word_term(w)
                            for w in alternative.split()
                            if w not in STOPWORDS and _word_term(w) not in words
                        ]
                        words += added
                        synonym_words += added
                i += n
                break
        else:
            word = keys[i]
            i += 1
            if word in STOPWORDS:
                continue
            word = word[:60]
            terms.append(_word_term(word))
            if terms[-1] not in words:
                words.append(terms[-1])
            last_word = word
    if not terms:
        return None
    exact = tuple(terms)
    prefix = (
        last_word is not None
        and keys[-1] == last_word
        and len(last_word) >= MIN_PREFIX
        and not last_word.isdigit()
        and not is_whole_word(last_word)
    )
    if prefix:
        terms[-1] = _word_term(last_word, prefix=True)
        words[words.index(exact[-1])] = terms[-1]
    return SearchPlan(
        terms=tuple(terms),
        words=tuple(words),
        exact_terms=exact,
        prefix=prefix,
        theme_ids=tuple(h.pk for h in theme_hits(text)),
        synonym_words=tuple(synonym_words),
    )


NEAR_BONUS = 2.0  # a project of the place typed, in a search widened around it


def rank_expression(plan: SearchPlan, params=None, table: str = "projects_project"):
    """The relevance of a row: words matched (any-word matching), text rank (title A above
    summary and themes B above description C), a bonus per theme of the query, and one for
    the places typed when the search was widened around them (``extra["near"]``)."""
    match = getattr(params, "match", "all")
    near = (getattr(params, "extra", None) or {}).get("near")
    vector = f'"{table}"."search_vector"'
    wide = match in WIDE_MATCHES
    text = plan.any_raw if wide else plan.all_raw
    parts, values = [f"ts_rank({vector}, to_tsquery(%s, %s))"], [SEARCH_CONFIG, text]
    if wide and plan.widens:
        for term in plan.words:
            parts.append(f"({vector} @@ to_tsquery(%s, %s))::int")
            values += [SEARCH_CONFIG, term]
    for pk in plan.theme_ids:
        parts.append(f'{THEME_BONUS} * (%s = ANY("{table}"."facet_theme_ids"))::int')
        values.append(pk)
    if near and near[0] in ("commune_id", "department_id"):
        parts.append(f'{NEAR_BONUS} * ("{table}"."{near[0]}" = ANY(%s))::int')
        values.append(list(near[1]))
    # the SQL is ours; typed words reach it only as parameters, and as [a-z0-9] keys
    return RawSQL(" + ".join(parts), values, output_field=FloatField())  # noqa: S611
