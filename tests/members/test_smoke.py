import pytest


@pytest.mark.django_db
def test_start_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Das Netzwerk in Zahlen" in response.content.decode()
