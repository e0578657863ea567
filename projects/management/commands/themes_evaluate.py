"""Print theme-classification figures on a labelled set, current classifier vs keyword baseline."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projects.consolidation import classify_baseline
from projects.consolidation.classify import load_themes
from projects.consolidation.evaluation import evaluate, load_labelled
from projects.services.classification import classifier_default, classifier_for

DEV_SET = Path(settings.BASE_DIR).parent / "shared" / "data" / "eval" / "themes-real-dev.json"


class Command(BaseCommand):
    help = (
        "Mesure le classement par thèmes sur des projets codés à la main : thème principal, "
        "précision et rappel de niveau 1, part sans thème, confusions, temps CPU ; à côté du "
        "classement par mots-clés d'origine, dans la même exécution."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEV_SET), help="fichier JSON étiqueté")
        parser.add_argument(
            "--rules",
            choices=["defaults", "database"],
            default="defaults",
            help="règles livrées (par défaut) ou règles éditées dans la base",
        )

    def handle(self, *args, **options):
        try:
            projects = load_labelled(options["file"])
        except ValueError as error:
            raise CommandError(
                f"{error}. Donnez un fichier JSON de projets étiquetés avec --file."
            ) from error
        parents = load_themes()
        current = classifier_for(None) if options["rules"] == "database" else classifier_default()
        baseline = classify_baseline.Classifier()

        def run_current(p):
            text = p.get("description", "")
            return current.classify(
                text,
                p.get("partner_tags", []),
                title=p.get("title", ""),
                holder=p.get("holder", ""),
            )

        def run_baseline(p):
            text = p.get("description", "")
            return baseline.classify(text, p.get("partner_tags", []), title=p.get("title", ""))

        runs = {
            "mots-clés (avant)": evaluate(projects, run_baseline, parents),
            "actuel": evaluate(projects, run_current, parents),
        }
        w = self.stdout.write
        w(f"{len(projects)} projets — {options['file']} — règles : {options['rules']}")
        names = list(runs)
        w(f"{'':<28}" + "".join(f"{n:>20}" for n in names))
        rows = [
            ("thème principal juste", lambda f: f"{100 * f.main:.1f} %"),
            ("niveau 1 : précision", lambda f: f"{100 * f.precision:.1f} %"),
            ("niveau 1 : rappel", lambda f: f"{100 * f.recall:.1f} %"),
            ("sans thème", lambda f: f"{100 * f.no_theme:.1f} %"),
            ("CPU ms / projet", lambda f: f"{f.cpu_ms:.3f}"),
        ]
        for label, cell in rows:
            w(f"{label:<28}" + "".join(f"{cell(runs[n]):>20}" for n in names))
        for name, figures in runs.items():
            w("")
            w(f"Par thème de niveau 1 — {name} (VP vrais positifs, FP faux, FN manqués)")
            w(f"{'code':<6}{'VP':>4}{'FP':>4}{'FN':>4}  manqué, trouvé à la place")
            codes = sorted(
                set(figures.tp) | set(figures.fp) | set(figures.fn),
                key=lambda c: (-(figures.tp[c] + figures.fn[c]), c),
            )
            for code in codes:
                instead = figures.instead.get(code)
                confused = (
                    ", ".join(f"{c}×{n}" for c, n in instead.most_common(4)) if instead else ""
                )
                w(
                    f"{code:<6}{figures.tp[code]:>4}{figures.fp[code]:>4}{figures.fn[code]:>4}  "
                    f"{confused}"
                )
