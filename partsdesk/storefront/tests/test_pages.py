import pytest
from django.urls import reverse


def test_home_page_has_the_search_box(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b'name="q"' in response.content
    assert b"htmx" in response.content


def test_number_with_several_brands_shows_the_choice(oil_filters, client):
    response = client.get("/search/", {"q": "oc-90"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "KNECHT" in html and "MAHLE" in html
    assert reverse("storefront:offers", args=["knecht", "OC90"]) in html


def test_number_of_one_brand_goes_straight_to_its_offers(oil_filters, client):
    response = client.get("/search/", {"q": "w 712 75"})
    assert response.status_code == 302
    assert response["Location"] == reverse("storefront:offers", args=["mann-filter", "W71275"])


def test_offers_page_shows_groups_and_how_analogs_were_found(oil_filters, client):
    response = client.get(reverse("storefront:offers", args=["knecht", "OC90"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["The part you asked for", "Original (OE) numbers", "Analogs", "375.00 ₽"]:
        assert text in html
    assert "analog of KNECHT OC 90" in html
    assert "original number for KNECHT OC 90" in html


def test_offers_page_filters_by_htmx_return_the_fragment(oil_filters, client):
    response = client.get(
        reverse("storefront:offers", args=["knecht", "OC90"]),
        {"max_days": "1"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('class="offer"') == 2


def test_offers_page_ignores_bad_filters_with_a_message(oil_filters, client):
    response = client.get(
        reverse("storefront:offers", args=["knecht", "OC90"]), {"max_days": "soon", "page": "-3"}
    )
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    assert response.content.decode().count('class="offer"') == 5


def test_unknown_part_page_is_404(oil_filters, client):
    assert client.get(reverse("storefront:offers", args=["mannol", "OC90"])).status_code == 404


def test_name_search_page(oil_filters, client):
    response = client.get("/search/", {"q": "фильтр масляный"})
    assert response.status_code == 200
    assert "06A115561C" in response.content.decode()


def test_nothing_found_page_suggests_close_numbers(oil_filters, client):
    response = client.get("/search/", {"q": "06A115561X"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nothing found" in html
    assert reverse("storefront:offers", args=["vag", "06A115561B"]) in html


def test_empty_query_goes_home(client, db):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 302


def test_suggest_fragment(oil_filters, client):
    html = client.get(reverse("storefront:suggest"), {"q": "oc9"}).content.decode()
    assert html.count("<li") == 2
    assert reverse("storefront:offers", args=["mahle", "OC90"]) in html


def test_part_page(oil_filters, client):
    part = oil_filters["vag_b"]
    html = client.get(reverse("storefront:part", args=[part.pk])).content.decode()
    assert "06A115561C" in html and "replaces VAG 06A115561B" in html
    assert "1 125.00 ₽" in html


@pytest.mark.parametrize(("language", "text"), [("ru", "Найти"), ("en", "Find")])
def test_language_switch(client, db, language, text):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert text in client.get("/").content.decode()
