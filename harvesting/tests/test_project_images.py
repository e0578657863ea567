"""Project images copied through the safe client: a real image becomes a small clean thumbnail
served from our origin; SVG, HTML dressed as an image, decompression bombs, oversized answers,
server errors and private addresses are refused with a recorded reason, and never remove the
thumbnail already stored. Partner sites are served on loopback."""

import io
import struct
import zlib

import pytest
from django.test import Client, override_settings
from django_q.models import Task
from PIL import Image

from community.services import pages_seed
from harvesting.images import project_images_refresh
from harvesting.models import HarvestRecord
from harvesting.services import source_harvest
from harvesting.tests.factories import HarvestSourceFactory
from harvesting.tests.sites import slow
from harvesting.tests.test_harvest import PROJECTS, publish_site
from members.tests.factories import OrganisationFactory
from projects.catalogue.presenters import catalogue_url
from projects.models import Project, ProjectImage
from projects.services.images import ImageRefused, thumbnail_make
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def jpeg(size=(1600, 900), colour=(30, 120, 90), *, exif=True) -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    options = {"quality": 85, "comment": b"appareil du photographe"}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Fabricant secret"  # Make
        data[0x0131] = "Logiciel interne"  # Software
        options["exif"] = data.tobytes()
    image.save(out, format="JPEG", **options)
    return out.getvalue()


def png(size=(800, 600), colour=(200, 60, 40, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, format="PNG")
    return out.getvalue()


def bomb_png(width=60_000, height=60_000) -> bytes:
    """A tiny PNG whose header announces 3.6 billion pixels."""
    data = bytearray(png((8, 8)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


SVG = (
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<script>alert(1)</script><rect width="10" height="10"/></svg>'
)
HTML = "<!DOCTYPE html><html><body><h1>Ceci n'est pas une image</h1></body></html>"


@pytest.fixture
def site(partner_site):
    partner_site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    return partner_site


def project_with_image(site, path, **kwargs):
    return ProjectFactory(image_url=site.url(path), **kwargs)


def image_requests(site):
    return [p for p in site.paths() if p != "/robots.txt"]


# --------------------------------------------------------------------------- the service


def test_a_real_image_becomes_a_small_webp_without_metadata(site, make_client):
    site.add("/images/atelier.jpg", jpeg(), content_type="image/jpeg")
    project = project_with_image(site, "/images/atelier.jpg")

    assert project_images_refresh([project.pk], client=make_client()) == {"stored": 1}

    record = ProjectImage.objects.get(project=project)
    assert record.source_url == project.image_url and record.failure == ""
    assert record.fetched_at is not None
    assert (record.width, record.height) == (640, 360)
    assert record.file.name.startswith("projets/vignettes/") and record.file.name.endswith(".webp")
    with record.file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        stored.load()
    assert stored.format == "WEBP" and stored.size == (640, 360)
    assert not stored.getexif() and "icc_profile" not in stored.info
    assert "comment" not in stored.info and "exif" not in stored.info


def test_an_image_already_tried_is_not_fetched_again(site, make_client):
    site.add("/images/a.png", png(), content_type="image/png")
    project = project_with_image(site, "/images/a.png")
    client = make_client()
    project_images_refresh([project.pk], client=client)
    project_images_refresh([project.pk], client=client)
    project.save()  # a harvest or an edit that leaves the address alone
    assert image_requests(site) == ["/images/a.png"]


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (lambda: (200, {"Content-Type": "image/svg+xml"}, SVG), "Type de contenu inattendu"),
        (lambda: (200, {"Content-Type": "image/png"}, SVG), "SVG ou HTML"),
        (lambda: (200, {"Content-Type": "image/jpeg"}, HTML), "SVG ou HTML"),
        (lambda: (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\nfaux"), "lisible"),
        (lambda: (200, {"Content-Type": "image/png"}, bomb_png()), "pixels"),
        (lambda: (500, {"Content-Type": "text/html"}, "<h1>Erreur</h1>"), "erreur 500"),
        (lambda: (200, {"Content-Type": "image/jpeg"}, b"\xff" * 40_000), "taille maximale"),
    ],
    ids=["svg", "svg-as-png", "html-as-jpeg", "broken-png", "bomb", "error-500", "oversized"],
)
def test_what_is_not_an_acceptable_image_is_refused_and_the_old_thumbnail_stays(
    site, make_client, route, reason
):
    site.add("/images/bonne.png", png(), content_type="image/png")
    project = project_with_image(site, "/images/bonne.png")
    client = make_client()
    project_images_refresh([project.pk], client=client)
    kept = ProjectImage.objects.get(project=project).file.name

    site.routes["/images/nouvelle"] = route()
    Project.objects.filter(pk=project.pk).update(image_url=site.url("/images/nouvelle"))
    with override_settings(PROJECT_IMAGE_MAX_BYTES=30_000):
        outcomes = project_images_refresh([project.pk], client=client)

    assert "stored" not in outcomes
    record = ProjectImage.objects.get(project=project)
    assert reason in record.failure, record.failure
    assert record.attempted_url == site.url("/images/nouvelle")
    assert record.file.name == kept and record.source_url == site.url("/images/bonne.png")
    assert record.file.storage.exists(kept)


def test_a_slow_image_times_out_without_stopping_the_others(site, make_client):
    site.routes["/images/lente.png"] = slow(2.0, png(), content_type="image/png")
    site.add("/images/rapide.png", png(), content_type="image/png")
    late = project_with_image(site, "/images/lente.png")
    quick = project_with_image(site, "/images/rapide.png")

    outcomes = project_images_refresh([late.pk, quick.pk], client=make_client(total_timeout=0.5))

    assert outcomes == {"timeout": 1, "stored": 1}
    assert "trop de temps" in ProjectImage.objects.get(project=late).failure
    assert ProjectImage.objects.get(project=quick).file


def test_a_private_address_is_refused_before_any_request(site, make_client):
    site.add("/images/a.png", png(), content_type="image/png")
    inside = project_with_image(site, "/images/a.png")
    lan = ProjectFactory(image_url="http://10.1.2.3/logo.png")

    project_images_refresh([inside.pk, lan.pk], client=make_client(allowed_networks=[]))

    assert site.paths() == []
    for project in (inside, lan):
        record = ProjectImage.objects.get(project=project)
        assert "réseau interne" in record.failure and not record.file


def test_gif_first_frame_and_transparent_png_are_accepted():
    frames = [Image.new("P", (300, 200), i) for i in (10, 200)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    assert thumbnail_make(out.getvalue()).width == 300
    thumbnail = thumbnail_make(png((2000, 500), (0, 0, 0, 0)))
    assert (thumbnail.width, thumbnail.height) == (640, 160)
    with pytest.raises(ImageRefused):
        thumbnail_make(b"GIF89a" + b"\x00" * 20)


# --------------------------------------------------------------------------- what visitors see


def test_cards_and_the_project_page_show_our_copy_else_the_illustration(
    site, make_client, reference_data
):
    pages_seed()
    client = Client()  # a visitor (``client`` is the safe client in harvesting tests)
    site.add("/images/a.png", png(), content_type="image/png")
    pictured = project_with_image(site, "/images/a.png", title="Atelier vélo des Capucins")
    plain = ProjectFactory(title="Jardin partagé du Blosne")
    project_images_refresh([pictured.pk], client=make_client())
    url = ProjectImage.objects.get(project=pictured).file.url
    assert url.startswith("/media/projets/vignettes/")
    picture = f'<img class="card-picture" src="{url}" width="640" height="480" alt=""'

    home = client.get("/").text
    assert picture in home
    assert home.count('class="card-illustration"') >= 1  # the project without an image
    assert site.url("/images/a.png") not in home  # never hot-linked

    catalogue = client.get(catalogue_url()).text
    assert picture in catalogue and site.url("/images/a.png") not in catalogue

    page = client.get(pictured.get_absolute_url()).text
    assert f'<figure class="project-picture"><img src="{url}" width="640" height="480"' in page
    assert f'<meta property="og:image" content="http://testserver{url}">' in page
    assert site.url("/images/a.png") not in page
    assert "project-picture" not in client.get(plain.get_absolute_url()).text


# --------------------------------------------------------------------------- what queues a fetch


def test_an_edited_image_address_is_fetched_by_the_task(site, django_capture_on_commit_callbacks):
    site.add("/images/nouvelle.png", png((1000, 1000)), content_type="image/png")
    project = ProjectFactory()
    project.image_url = site.url("/images/nouvelle.png")
    with django_capture_on_commit_callbacks(execute=True):
        project.save()  # the holder's or an editor's change reaches the row on publication
    record = ProjectImage.objects.get(project=project)
    assert (record.width, record.height) == (640, 640)
    task = Task.objects.get(func="harvesting.tasks.project_images_task")
    assert task.success and task.args == ([project.pk],)

    project.image_url = ""
    project.save()
    assert not ProjectImage.objects.filter(project=project).exists()


def test_a_harvest_queues_one_task_for_its_new_images(
    partner_site, make_client, reference_data, django_capture_on_commit_callbacks
):
    pages = dict(list(PROJECTS.items())[:2])
    publish_site(partner_site)
    for path in pages:
        body = partner_site.routes[path][2].replace(
            "</head>", f'<meta property="og:image" content="/images{path}.jpg"></head>'
        )
        partner_site.add(path, body)
        partner_site.add(f"/images{path}.jpg", jpeg(exif=False), content_type="image/jpeg")
    organisation = OrganisationFactory(name="Réseau Exemple", website=partner_site.base_url)
    source = HarvestSourceFactory(organisation=organisation, url=partner_site.url("/"))

    with django_capture_on_commit_callbacks(execute=True):
        source_harvest(source.pk, client=make_client())
    tasks = Task.objects.filter(func="harvesting.tasks.project_images_task")
    assert tasks.count() == 1  # one task for the run, not one per project

    projects = Project.objects.filter(
        pk__in=HarvestRecord.objects.filter(source=source).values("project_id")
    ).exclude(image_url="")
    assert projects.count() == 2
    for project in projects:
        assert ProjectImage.objects.get(project=project).file
    fetched = [p for p in partner_site.paths() if p.startswith("/images/")]
    assert sorted(fetched) == sorted(f"/images{path}.jpg" for path in pages)

    with django_capture_on_commit_callbacks(execute=True):
        source_harvest(source.pk, client=make_client())  # same pages, same images
    assert [p for p in partner_site.paths() if p.startswith("/images/")] == fetched
