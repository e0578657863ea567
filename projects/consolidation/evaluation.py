"""Figures of a theme classifier on hand-coded projects (``manage.py themes_evaluate``).

A labelled file is JSON ``{"projects": [{"title", "holder", "description", "partner_tags",
"themes_l1", "themes_l2"}, …]}`` (the shape of ``shared/data/eval/themes-real-dev.json``).
A classifier here is any callable ``(project dict) -> list[ThemeMatch]``, so the current
classifier and the frozen baseline are measured by the same code in the same run.

Figures (level 1, the thesaurus' thématiques):

- main: the classifier's best level-1 theme is one the coders gave (no theme counts wrong);
- precision / recall: micro-averaged over projects, level-1 codes found vs given;
- no theme: share of projects given no theme at all;
- CPU ms: process time per project, classifier built beforehand;
- per theme: true positives, false positives, false negatives, and which theme was predicted
  instead when a given theme was missed (the confusion).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from projects.consolidation.classify import ThemeMatch

__all__ = ["Figures", "evaluate", "load_labelled"]

Classify = Callable[[dict], list[ThemeMatch]]


@dataclass
class Figures:
    projects: int = 0
    main_right: int = 0
    found: int = 0  # level-1 codes predicted
    given: int = 0  # level-1 codes given by the coders
    right: int = 0  # level-1 codes predicted and given
    empty: int = 0
    cpu_ms: float = 0.0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    instead: dict[str, Counter] = field(default_factory=dict)  # missed code → predicted codes

    @property
    def main(self) -> float:
        return self.main_right / self.projects if self.projects else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.given if self.given else 0.0

    @property
    def no_theme(self) -> float:
        return self.empty / self.projects if self.projects else 0.0


def load_labelled(path: Path | str) -> list[dict]:
    """Projects of a labelled file; raises ``ValueError`` saying what is wrong with it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read {path}: {error}") from error
    projects = data.get("projects") if isinstance(data, dict) else data
    if not isinstance(projects, list) or not all(
        isinstance(p, dict) and "themes_l1" in p for p in projects
    ):
        raise ValueError(f"{path}: expected a list of projects each with 'themes_l1'")
    return projects


def _level1(matches: list[ThemeMatch], parents: Mapping[str, str | None]) -> list[str]:
    """Level-1 codes of ``matches``, best first (a sub-theme counts for its parent)."""
    seen: list[str] = []
    for match in matches:
        code = parents.get(match.code) or match.code
        if code not in seen:
            seen.append(code)
    return seen


def evaluate(
    projects: list[dict], classify: Classify, parents: Mapping[str, str | None], repeat: int = 3
) -> Figures:
    """Measure ``classify`` on ``projects``; CPU time is the best of ``repeat`` passes."""
    figures = Figures(projects=len(projects))
    results: list[list[ThemeMatch]] = []
    best = None
    for _ in range(max(repeat, 1)):
        start = time.process_time()
        results = [classify(project) for project in projects]
        elapsed = time.process_time() - start
        best = elapsed if best is None else min(best, elapsed)
    figures.cpu_ms = 1000 * (best or 0.0) / max(len(projects), 1)
    for project, matches in zip(projects, results, strict=True):
        found = _level1(matches, parents)
        given = set(project["themes_l1"])
        if not found:
            figures.empty += 1
        elif found[0] in given:
            figures.main_right += 1
        figures.found += len(found)
        figures.given += len(given)
        figures.right += len(given & set(found))
        for code in found:
            (figures.tp if code in given else figures.fp)[code] += 1
        for code in given - set(found):
            figures.fn[code] += 1
            instead = figures.instead.setdefault(code, Counter())
            for other in set(found) - given:
                instead[other] += 1
            if not found:
                instead["—"] += 1
    return figures
