"""Print the catalogue quality report."""

from django.core.management.base import BaseCommand

from projects.curation.quality import quality_report
from projects.models import Project


class Command(BaseCommand):
    help = "Qualité du catalogue : localisation, thèmes, sites web, doublons à examiner."

    def handle(self, *args, **options):
        report = quality_report()
        w = self.stdout.write
        w(f"Projets : {report['total']} (publiés : {report['live']})")
        labels = dict(Project.Precision.choices)
        for precision, figures in report["location"].items():
            label, count, share = labels[precision], figures["count"], figures["share"]
            w(f"  localisés — {label:<12} {count:>7}  {share:5.1f} %")
        w(
            f"Avec au moins un thème : {report['with_theme']['count']} "
            f"({report['with_theme']['share']} %)"
        )
        w(
            f"Avec un site web : {report['with_website']['count']} "
            f"({report['with_website']['share']} %)"
        )
        w(f"Présentés par plusieurs partenaires : {report['multi_source']}")
        w(f"Doublons possibles à examiner : {report['duplicates_pending']}")
