import pytest

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_token_from_username_and_password_authenticates_api(api_client, liaison_wenxian):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": liaison_wenxian.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/").json()
    assert me["username"] == liaison_wenxian.username and me["roles"] == ["liaison"]


def test_wrong_password_gets_no_token(api_client, liaison_wenxian):
    response = api_client.post("/api/v1/auth/token/", {"username": liaison_wenxian.username, "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_api_refuses_anonymous_users(api_client):
    assert api_client.get("/api/v1/me/").status_code in (401, 403)


def test_openapi_schema_and_local_docs(client_as, bureau):
    client = client_as(bureau)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/token/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger" in docs.lower()
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
