"""Documents: checked by content, stored under a random name, served with a permission check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.audit import history_for
from projects import services
from projects.models import ProjectDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"


def upload(client, project, name="Kostenplan 2024.pdf", content=PDF, title="Kostenplan"):
    url = reverse("projects:document-upload", kwargs={"slug": project.slug})
    return client.post(url, {"title": title, "file": SimpleUploadedFile(name, content)})


def test_upload_stores_under_a_random_name_and_records_the_type(
    published, speyer_staff, client, _media_root
):
    client.force_login(speyer_staff)
    response = upload(client, published, name="../../etc/Kostenplan 2024.exe")
    assert response.status_code == 302
    document = ProjectDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    # The stem the person gave, the extension of the recognised type.
    assert document.original_name == "Kostenplan 2024.pdf"
    assert document.uploaded_by == speyer_staff
    stored = document.file.name
    assert stored.startswith("documents/projects/")
    assert stored.endswith(".pdf")  # the suffix follows the content, not the upload's name
    assert "Kostenplan" not in stored and len(stored.rsplit("/", 1)[1]) >= 30
    assert (_media_root / stored).read_bytes() == PDF
    assert history_for(published).filter(action="document.add").exists()


def test_download_is_an_attachment_with_the_original_name(published, speyer_staff, client):
    client.force_login(speyer_staff)
    upload(client, published)
    document = ProjectDocument.objects.get()
    client.logout()
    url = reverse("projects:document-download", kwargs={"slug": published.slug, "pk": document.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Kostenplan 2024.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_document_of_another_project_is_404(published, draft, speyer_staff, client):
    document = services.document_add(
        project=draft, actor=speyer_staff, title="Intern", file=SimpleUploadedFile("a.pdf", PDF)
    )
    url = reverse("projects:document-download", kwargs={"slug": published.slug, "pk": document.pk})
    client.force_login(speyer_staff)
    assert client.get(url).status_code == 404


def test_documents_of_archived_projects_are_not_public(
    published, speyer_staff, coordinator, client
):
    document = services.document_add(
        project=published, actor=speyer_staff, title="A", file=SimpleUploadedFile("a.pdf", PDF)
    )
    services.project_archive(project=published, actor=coordinator)
    url = reverse("projects:document-download", kwargs={"slug": published.slug, "pk": document.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    ],
)
def test_images_are_accepted(name, content, content_type, published, speyer_staff):
    document = services.document_add(
        project=published, actor=speyer_staff, title="Bild", file=SimpleUploadedFile(name, content)
    )
    assert document.content_type == content_type


def test_delete_removes_row_and_file(
    published, speyer_staff, client, _media_root, django_capture_on_commit_callbacks
):
    client.force_login(speyer_staff)
    upload(client, published)
    document = ProjectDocument.objects.get()
    path = _media_root / document.file.name
    url = reverse("projects:document-delete", kwargs={"slug": published.slug, "pk": document.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not ProjectDocument.objects.exists()
    assert not path.exists()


def test_other_city_may_not_delete(published, speyer_staff, landau_staff, client):
    document = services.document_add(
        project=published, actor=speyer_staff, title="A", file=SimpleUploadedFile("a.pdf", PDF)
    )
    client.force_login(landau_staff)
    url = reverse("projects:document-delete", kwargs={"slug": published.slug, "pk": document.pk})
    assert client.post(url).status_code == 403
    assert ProjectDocument.objects.filter(pk=document.pk).exists()


def test_detail_and_api_list_the_documents(published, speyer_staff, client):
    services.document_add(
        project=published,
        actor=speyer_staff,
        title="Kostenplan",
        file=SimpleUploadedFile("k.pdf", PDF),
    )
    assert "Kostenplan" in client.get(published.get_absolute_url()).content.decode()
    data = client.get(f"/api/v1/projects/{published.slug}/").json()
    (document,) = data["documents"]
    assert document["title"] == "Kostenplan"
    assert document["download_url"].endswith(
        f"/projekte/{published.slug}/dokumente/{document['id']}/"
    )
