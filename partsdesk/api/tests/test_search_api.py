import pytest

MAX_SEARCH_QUERIES = 5


def test_brands_endpoint(oil_filters, client):
    response = client.get("/api/v1/search/brands", {"number": "ос-90"})
    assert response.status_code == 200
    body = response.json()
    assert body["number_norm"] == "OC90"
    assert [(b["brand"], b["number"], b["offer_count"]) for b in body["brands"]] == [
        ("KNECHT", "OC 90", 2),
        ("MAHLE", "OC 90", 1),
    ]
    assert body["close_numbers"] == []


def test_brands_endpoint_miss_suggests_close_numbers(oil_filters, client):
    body = client.get("/api/v1/search/brands", {"number": "06A115561X"}).json()
    assert body["brands"] == []
    assert body["close_numbers"][0]["number"] == "06A115561B"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 422, "invalid_input"),
        ({"number": ""}, 422, "invalid_input"),
        ({"number": "--"}, 400, "invalid_number"),
        ({"number": "x" * 65}, 422, "invalid_input"),
    ],
)
def test_brands_endpoint_bad_input(client, db, params, status, code):
    response = client.get("/api/v1/search/brands", params)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_offers_endpoint(oil_filters, client):
    response = client.get(
        "/api/v1/search/offers", {"number": "oc90", "brand": "Knecht", "sort": "price"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["part"]["brand"] == "KNECHT"
    assert [(a["part"]["number"], a["kind"]) for a in body["analogs"]] == [
        ("06A115561B", "oe"),
        ("W 712/75", "analog"),
    ]
    assert body["analogs"][1]["kind_label"] == "analog of KNECHT OC 90"
    assert [g["kind"] for g in body["groups"]] == ["requested", "oe", "analog"]
    first = body["groups"][0]["offers"][0]
    assert first["price"] == "375.00"
    assert first["currency"] == "RUB"
    assert first["supplier"]["reliability_percent"] == 80
    assert "purchase_price" not in first
    assert body["total"] == 5 and body["pages"] == 1


def test_offers_endpoint_filters_and_pages(oil_filters, client):
    body = client.get(
        "/api/v1/search/offers",
        {
            "number": "oc90",
            "brand": "knecht",
            "in_stock": "true",
            "filter_brand": ["mann-filter", "vag"],
            "page_size": 1,
            "page": 2,
        },
    ).json()
    assert body["total"] == 2
    assert body["pages"] == 2
    assert [o["part"]["number"] for g in body["groups"] for o in g["offers"]] == ["W 712/75"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"number": "oc90"}, 422, "invalid_input"),
        ({"number": "oc90", "brand": "knecht", "sort": "cheap"}, 422, "invalid_input"),
        ({"number": "oc90", "brand": "knecht", "page": 0}, 422, "invalid_input"),
        ({"number": "oc90", "brand": "knecht", "page_size": 1000}, 422, "invalid_input"),
        ({"number": "oc90", "brand": "knecht", "max_days": -1}, 422, "invalid_input"),
        ({"number": "oc90", "brand": "mannol"}, 404, "part_not_found"),
        ({"number": "..", "brand": "knecht"}, 400, "invalid_number"),
    ],
)
def test_offers_endpoint_bad_input(oil_filters, client, params, status, code):
    response = client.get("/api/v1/search/offers", params)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_suggest_endpoint(oil_filters, client):
    body = client.get("/api/v1/search/suggest", {"q": "w71"}).json()
    assert [(s["kind"], s["brand"], s["number"]) for s in body["suggestions"]] == [
        ("number", "MANN-FILTER", "W 712/75")
    ]
    assert client.get("/api/v1/search/suggest", {"q": "w7"}).json() == {"suggestions": []}


def test_search_endpoint_by_name(oil_filters, client):
    body = client.get("/api/v1/search", {"q": "масляный фильтр"}).json()
    assert body["brands"] == []
    assert {p["number"] for p in body["parts"]} == {"OC 90", "W 712/75", "06A115561B", "06A115561C"}


def test_part_endpoint(oil_filters, client):
    part = oil_filters["vag_b"]
    body = client.get(f"/api/v1/parts/{part.pk}").json()
    assert body["number_norm"] == "06A115561B"
    assert [(a["part"]["number"], a["kind_label"]) for a in body["analogs"]] == [
        ("06A115561C", "replaces VAG 06A115561B"),
        ("OC 90", "analog of VAG 06A115561B"),
    ]
    assert [o["price"] for o in body["offers"]] == ["1125.00"]


def test_part_endpoint_not_found(client, db):
    response = client.get("/api/v1/parts/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_search_query_counts(oil_filters, client, django_assert_max_num_queries):
    for url, params in [
        ("/api/v1/search/brands", {"number": "oc90"}),
        ("/api/v1/search/brands", {"number": "zz999"}),
        ("/api/v1/search/offers", {"number": "oc90", "brand": "knecht"}),
        ("/api/v1/search/suggest", {"q": "масл"}),
        ("/api/v1/search", {"q": "nothing at all"}),
    ]:
        with django_assert_max_num_queries(MAX_SEARCH_QUERIES):
            assert client.get(url, params).status_code == 200


def test_openapi_schema_and_docs(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/search/brands",
        "/api/v1/search/offers",
        "/api/v1/search/suggest",
        "/api/v1/parts/{part_id}",
    } <= set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200
