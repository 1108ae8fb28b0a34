"""The bucket-name validator and object key checker through the API and pages."""

from __future__ import annotations

from urllib.parse import quote


def test_the_api_answers_with_the_designed_shape(client):
    response = client.post(
        "/api/widgets/bucket-name",
        {"name": "My_Bucket", "kind": "general-purpose"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200
    assert {"name", "kind", "valid", "violations", "suggestion"} <= set(body)
    assert body["valid"] is False
    assert {v["rule"] for v in body["violations"]} >= {"charset", "start-end"}
    assert body["suggestion"] == "my-bucket"


def test_an_unknown_kind_is_a_400(client):
    response = client.post(
        "/api/widgets/bucket-name",
        {"name": "ok-name", "kind": "vector"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"


def test_the_page_shows_a_checklist_marks_and_a_suggestion(client):
    html = client.get("/tools/bucket-name/", {"name": "My_Bucket..x"}).content.decode()
    assert "3 rules broken" in html
    assert '<mark title="charset, start-end">M</mark>' in html
    assert 'class="fail"' in html and 'class="pass"' in html
    assert "/tools/bucket-name/?name=my-bucket.x&amp;kind=general-purpose" in html


def test_a_permalink_reproduces_the_result(client):
    html = client.post("/tools/bucket-name/", {"name": "192.168.5.4"}).content.decode()
    link = "/tools/bucket-name/?name=192.168.5.4"
    assert link in html
    again = client.get(link).content.decode()
    assert "IP address" in again and "Not a valid name" in again


def test_a_directory_bucket_name(client):
    html = client.get(
        "/tools/bucket-name/", {"name": "photos--usw2-az1--x-s3", "kind": "directory"}
    ).content.decode()
    assert "A valid directory bucket name" in html


def test_the_key_checker_measures_bytes_and_encodes(client):
    key = "reports/Q1 & Q2 é.pdf"
    html = client.get(f"/tools/object-key/?key={quote(key)}").content.decode()
    assert "22 of 1024 bytes" in html
    assert "reports/Q1%20%26%20Q2%20%C3%A9.pdf" in html
    assert "Special handling" in html


def test_an_over_long_key_is_invalid(client):
    html = client.post("/tools/object-key/", {"key": "k" * 1100}).content.decode()
    assert "Not a valid key" in html and "1,100 bytes" in html
