"""GET /api/v1/hsds/…: every object the demo pack yields validates against HSDS 3.0's own
schemas and the navigator profile's merged ones; pagination, filters, locales, published
content only, validators (ETag/304), CORS, rate limits and a bounded number of queries."""

from __future__ import annotations

import json
import uuid

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import event, select

from navigator.db import db
from navigator.directory.models import Service, Topic
from navigator.directory.queries import visible
from navigator.events.models import Event
from navigator.hsds import profile
from navigator.hsds.mapping import NAMESPACE, hsds_id
from tests.conftest import FIXED_NOW

API = "/api/v1/hsds"
KINDS = {
    "services": "service",
    "organizations": "organization",
    "service_at_locations": "service_at_location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
CORE_BASE = "https://core.invalid/hsds/3.0/"


def _validators(schemas: dict, base: str) -> dict[str, Draft202012Validator]:
    registry = Registry().with_resources(
        (f"{base}{name}.json", Resource.from_contents(s, default_specification=DRAFT202012))
        for name, s in schemas.items()
    )
    return {
        name: Draft202012Validator(
            {"$ref": f"{base}{name}.json"},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for name in schemas
    }


@pytest.fixture(scope="module")
def merged() -> dict[str, Draft202012Validator]:
    return _validators(profile.merged_schemas(), profile.DEFAULT_BASE)


@pytest.fixture(scope="module")
def core() -> dict[str, Draft202012Validator]:
    schemas = {
        name: {"$schema": profile.DIALECT, "$id": f"{CORE_BASE}{name}.json", **s}
        for name, s in profile.core_schemas().items()
    }
    return _validators(schemas, CORE_BASE)


def everything(client, kind: str, locale: str = "en") -> list[dict]:
    objects, page = [], 1
    while True:
        response = client.get(f"{API}/{kind}?per_page=100&page={page}&locale={locale}")
        assert response.status_code == 200, response.data
        body = response.json
        assert set(body) == PAGE_FIELDS
        objects += body["contents"]
        if body["last_page"]:
            return objects
        page += 1


def rows(app, statement) -> list:  # type: ignore[no-untyped-def]
    with app.app_context():
        return list(db.session.execute(statement).all())


def check(validator: Draft202012Validator, obj: dict) -> None:
    errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("locale", ["en", "ar", "lt"])
def test_every_object_of_the_demo_pack_validates(app, client, merged, core, locale):
    counted = {}
    for kind, schema in KINDS.items():
        objects = everything(client, kind, locale)
        counted[kind] = len(objects)
        for obj in objects:
            check(merged[schema], obj)
            check(core[schema], obj)
            detail = client.get(f"{API}/{kind}/{obj['id']}?locale={locale}")
            assert detail.status_code == 200
            assert detail.json == obj
    published = rows(app, select(Service.id).where(visible(FIXED_NOW.date())))
    events = rows(app, select(Event.slug).where(Event.status == "published"))
    assert counted["services"] == len(published) + len(events) and len(events) == 5
    kinds = [s.get("service_kind") for s in everything(client, "services", locale)]
    assert kinds.count("event") == len(events)  # the events were validated above too
    assert counted["organizations"] > 5 and counted["service_at_locations"] > 40
    assert counted["taxonomies"] == 1 and counted["taxonomy_terms"] > 10
    facts = client.get(f"{API}/facts?locale={locale}").json
    assert facts["locale"] == locale and len(facts["contents"]) > 5
    for fact in facts["contents"]:
        check(merged["fact"], fact)


def test_a_wrong_object_fails_validation(merged, core):
    bad = {"id": "not-a-uuid", "name": "x", "status": "open", "text_locales": {}}
    assert list(merged["service"].iter_errors(bad))
    assert list(core["service"].iter_errors({"id": str(uuid.uuid4()), "name": "x"}))


def test_root_names_version_profile_and_openapi(client):
    body = client.get(f"{API}/").json
    assert body["version"] == "3.0"
    assert body["profile"].endswith("/api/v1/hsds/profile")
    assert body["openapi_url"].endswith("/api/v1/openapi.json")


def test_ids_are_stable_uuid5s(app, client, loaded):
    first = client.get(f"{API}/services?per_page=5").json["contents"]
    again = loaded.test_client().get(f"{API}/services?per_page=5").json["contents"]
    assert [s["id"] for s in first] == [s["id"] for s in again]  # another database, same ids
    service = first[0]
    assert uuid.UUID(service["id"]).version == 5
    slug = rows(app, select(Service.slug).order_by(Service.slug).limit(1))[0][0]
    assert service["id"] == str(uuid.uuid5(NAMESPACE, f"service:{slug}"))


def test_pagination(client):
    total = client.get(f"{API}/services?per_page=1").json["total_items"]
    body = client.get(f"{API}/services?per_page=20&page=2").json
    assert body["page_number"] == 2 and body["size"] == 20
    assert body["total_pages"] == -(-total // 20)
    assert not body["first_page"] and not body["last_page"] and not body["empty"]
    last = client.get(f"{API}/services?per_page=20&page={body['total_pages']}").json
    assert last["last_page"] and last["size"] == total - 20 * (body["total_pages"] - 1)
    beyond = client.get(f"{API}/services?per_page=20&page=99").json
    assert beyond["contents"] == [] and beyond["size"] == 0 and beyond["total_items"] == total
    default = client.get(f"{API}/services").json
    assert default["size"] == 25


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("format=xml", "format"),
        ("minimal=maybe", "minimal"),
        ("modified_after=yesterday", "modified_after"),
        ("locale=xx", "locale"),
        ("search=" + "a" * 201, "search"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(client, query, field):
    response = client.get(f"{API}/services?{query}")
    assert response.status_code == 400
    assert response.json["error"]["field"] == field


def test_unknown_ids_are_json_404s(client):
    for kind in KINDS:
        response = client.get(f"{API}/{kind}/{uuid.uuid4()}")
        assert response.status_code == 404
        assert "error" in response.json


def _ids(client, query: str) -> set[str]:
    body = client.get(f"{API}/services?per_page=100&{query}").json
    assert body["total_items"] == len(body["contents"])
    return {s["id"] for s in body["contents"]}


def test_filters_combine_with_and(client):
    everything_ = _ids(client, "")
    org_id = hsds_id("organization", "citizens-office")
    by_org = _ids(client, f"organization_id={org_id}")
    assert by_org and by_org < everything_
    for service_id in by_org:
        assert client.get(f"{API}/services/{service_id}").json["organization_id"] == org_id
    term = hsds_id("taxonomy_term", "registration-residence")
    by_term = _ids(client, f"taxonomy_term_id={term}")
    assert by_term and by_term < everything_
    both = _ids(client, f"organization_id={org_id}&taxonomy_term_id={term}")
    assert both == by_org & by_term and both
    assert _ids(client, f"organization_id={uuid.uuid4()}") == set()
    assert _ids(client, f"taxonomy_id={hsds_id('taxonomy', 'topics')}") <= everything_
    assert _ids(client, f"taxonomy_id={uuid.uuid4()}") == set()


def test_a_top_topic_includes_its_subtopics(app, client):
    found = rows(app, select(Topic.slug, Topic.parent_id).where(Topic.parent_id.is_not(None)))
    assert found, "the demo pack has subtopics"
    row = found[0]
    parent = rows(app, select(Topic.slug).where(Topic.id == row.parent_id))[0][0]
    child = _ids(client, f"taxonomy_term_id={hsds_id('taxonomy_term', row.slug)}")
    assert child <= _ids(client, f"taxonomy_term_id={hsds_id('taxonomy_term', parent)}")


def test_modified_after_and_minimal(client):
    minimal = client.get(f"{API}/services?per_page=100&minimal=true").json["contents"]
    fields = {"id", "name", "status", "last_modified", "text_locales", "translations"}
    assert all(set(s) <= fields | {"service_kind"} for s in minimal)
    assert [s["service_kind"] for s in minimal if "service_kind" in s] == ["event"] * 5
    dates = sorted(s["last_modified"] for s in minimal)
    middle = dates[len(dates) // 2]
    after = _ids(client, f"modified_after={middle}")
    assert after == {s["id"] for s in minimal if s["last_modified"] >= middle}
    assert 0 < len(after) < len(minimal)
    assert _ids(client, "modified_after=2999-01-01") == set()


def test_search_finds_in_the_readers_language_too(client):
    found = _ids(client, "search=register")
    assert hsds_id("service", "address-registration") in found
    german = _ids(client, "search=Adresse&locale=de")
    assert hsds_id("service", "address-registration") in german
    assert _ids(client, "search=zzzzqqqq") == set()


def test_ndjson_streams_every_result(client):
    response = client.get(f"{API}/services?format=ndjson&locale=ar")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    total = client.get(f"{API}/services?per_page=1").json["total_items"]
    assert len(lines) == total
    assert all(json.loads(line)["id"] for line in lines)


def test_locale_by_parameter_and_accept_language_with_fallback(client):
    term = hsds_id("service", "address-registration")
    arabic = client.get(f"{API}/services/{term}?locale=ar").json
    assert arabic["text_locales"]["name"] == "ar" and arabic["name"] != "Register your address"
    german = client.get(f"{API}/services/{term}", headers={"Accept-Language": "de"}).json
    assert german["text_locales"]["name"] == "de"
    english = client.get(f"{API}/services/{term}", headers={"Accept-Language": "en"}).json
    assert english["name"] == "Register your address"
    # an organisation without a Lithuanian text falls back to English and says so
    org = client.get(f"{API}/organizations?locale=lt&per_page=100").json["contents"]
    fallback = [o for o in org if "lt" not in {t["locale"] for t in o["translations"]}]
    assert fallback
    assert all(o["text_locales"]["name"] == "en" for o in fallback)
    states = {t["locale"]: t for t in arabic["translations"]}
    assert states["en"]["source"] and states["ar"]["state"] in {
        "up_to_date",
        "outdated",
        "machine",
    }


def test_eligibility_and_open_to_all(client):
    rule = client.get(f"{API}/services/{hsds_id('service', 'address-registration')}").json
    assert rule["open_to_all"] is False
    assert rule["eligibility"][0]["logic"]["and"]
    assert rule["eligibility"][0]["reference"].startswith("Federal Registration Act")
    assert rule["eligibility"][0]["reference_url"].startswith("https://")
    open_ = client.get(f"{API}/services/{hsds_id('service', 'anonymous-medical-care')}").json
    assert open_["open_to_all"] is True and open_["eligibility"] == []
    facts = {f["id"] for f in client.get(f"{API}/facts").json["contents"]}
    assert "residence_status" in json.dumps(rule["eligibility"]) and "residence_status" in facts


def test_weekly_hours_are_rrule_style_schedules(client):
    service = client.get(f"{API}/services/{hsds_id('service', 'address-registration')}").json
    centre = next(
        p
        for p in service["service_at_locations"]
        if p["location"]["name"] == "Citizens' Office Centre"
    )
    weekly = {
        (s["byday"], s["opens_at"], s["closes_at"]) for s in centre["schedules"] if "freq" in s
    }
    assert weekly == {("MO,TU,WE,FR", "08:00", "13:00"), ("TH", "13:00", "19:00")}
    assert all(s["freq"] == "WEEKLY" for s in centre["schedules"] if "freq" in s)
    closed = [s for s in centre["schedules"] if s.get("valid_from") == "2026-12-28"]
    assert closed and "opens_at" not in closed[0]
    assert centre["location"]["addresses"][0]["country"] == "DE"


def test_only_published_content(loaded):
    with loaded.app_context():
        service = db.session.scalars(
            select(Service).where(Service.slug == "address-registration")
        ).one()
        service.status = "draft"
        db.session.commit()
    client = loaded.test_client()
    draft = hsds_id("service", "address-registration")
    assert client.get(f"{API}/services/{draft}").status_code == 404
    assert draft not in _ids(client, "")
    places = client.get(f"{API}/service_at_locations?per_page=100").json["contents"]
    assert draft not in {p["service_id"] for p in places}


def test_etag_304_cors_and_cache_headers(client):
    url = f"{API}/services?per_page=3"
    first = client.get(url, headers={"Origin": "https://example.org"})
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "public" in first.headers["Cache-Control"]
    assert "Accept-Language" in first.headers["Vary"]
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get(url + "&locale=ar", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    preflight = client.options(
        url,
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert client.post(url).status_code == 405
    assert "Set-Cookie" not in first.headers


def test_a_content_change_changes_the_etag(loaded):
    client = loaded.test_client()
    url = f"{API}/organizations"
    etag = client.get(url).headers["ETag"]
    with loaded.app_context():
        from navigator.directory.models import City

        db.session.scalars(select(City)).one().content_version += 1
        db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_rate_limited_per_client(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX=f"hsds-test-{uuid.uuid4().hex}",
        HSDS_RATE_LIMIT="3 per minute",
    )
    client = app.test_client()
    codes = [client.get(f"{API}/taxonomies").status_code for _ in range(2)]
    codes.append(client.get(f"{API}/").status_code)  # one counter for the whole API
    limited = client.get(f"{API}/taxonomy_terms")
    assert codes == [200, 200, 200]
    assert limited.status_code == 429 and "error" in limited.json
    other = client.get(f"{API}/", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_queries_do_not_grow_with_the_page(app, client):
    def count(url: str) -> int:
        statements = []

        def seen(*_args) -> None:  # type: ignore[no-untyped-def]
            statements.append(1)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", seen)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        return len(statements)

    client.get(f"{API}/services?per_page=1")  # the index, built once per content version
    # (a page whose services have no areas at all skips the areas' query: compare pages
    # that have every kind of related object)
    small = count(f"{API}/services?per_page=50&locale=de")
    large = count(f"{API}/services?per_page=100&locale=fr")
    assert large == small < 30
    assert count(f"{API}/service_at_locations?per_page=50") < 30


def test_whole_exports_have_a_tighter_limit(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX=f"hsds-test-{uuid.uuid4().hex}",
        HSDS_EXPORT_RATE_LIMIT="1 per hour",
    )
    client = app.test_client()
    assert client.get(f"{API}/services?format=ndjson").status_code == 200
    assert client.get(f"{API}/services?format=ndjson").status_code == 429
    assert client.get(f"{API}/services?per_page=5").status_code == 200  # pages are not exports


def test_translation_states_follow_the_source(loaded):
    """A changed source outdates the translations (states from one light query), and a
    machine translation says so; the texts themselves stay the reader's."""
    with loaded.app_context():
        service = db.session.scalars(
            select(Service).where(Service.slug == "address-registration")
        ).one()
        service.revision += 1
        service.translations["en"].source_revision = service.revision
        service.translations["de"].source_revision = service.revision
        service.translations["de"].machine = True
        db.session.commit()
    client = loaded.test_client()
    body = client.get(f"{API}/services/{hsds_id('service', 'address-registration')}?locale=ar")
    states = {t["locale"]: t["state"] for t in body.json["translations"]}
    assert states["en"] == "up_to_date" and states["de"] == "machine"
    assert states["ar"] == "outdated" and body.json["text_locales"]["name"] == "ar"
    listed = client.get(f"{API}/services?per_page=100&locale=ar").json["contents"]
    same = next(s for s in listed if s["id"] == body.json["id"])
    assert same["translations"] == body.json["translations"]


def test_the_export_publishes_what_the_api_answers(app, client):
    """`content export-hsds` takes its objects from the API's mapping: each service is the
    API's `/services/{id}`, the organisations, taxonomies and terms its lists."""
    from navigator.hsds.queries import publication_objects

    with app.test_request_context():
        exported = publication_objects("de")
    assert [s["id"] for s in exported["services"]] == [
        s["id"] for s in everything(client, "services", "de")
    ]
    for service in exported["services"][:: max(1, len(exported["services"]) // 5)]:
        assert client.get(f"{API}/services/{service['id']}?locale=de").json == service
    for kind in ("organizations", "taxonomies", "taxonomy_terms"):
        assert exported[kind] == everything(client, kind, "de"), kind


def test_whole_exports_are_prepared_once_per_content_version(loaded, monkeypatch, tmp_path):
    """format=ndjson streams lines built once per content version, day and locale: the
    same objects as the pages, filtered and ordered like them, nothing built again until
    the content changes (then the older files go)."""
    from navigator.directory.models import City
    from navigator.hsds import mapping

    folder = tmp_path / "ndjson"
    loaded.config["HSDS_NDJSON_DIR"] = str(folder)
    client = loaded.test_client()

    def ndjson(query: str) -> list[dict]:
        response = client.get(f"{API}/{query}")
        assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
        return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]

    def listed(query: str) -> list[str]:
        return [
            s["id"] for s in client.get(f"{API}/services?per_page=100&{query}").json["contents"]
        ]

    assert ndjson("services?format=ndjson&locale=de") == everything(client, "services", "de")
    first = sorted(p.name for p in folder.iterdir() if p.suffix != ".lock")
    assert len(first) == 2  # the lines and their index

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("built again")

    queries = (
        f"organization_id={hsds_id('organization', 'citizens-office')}",
        "search=registration",
    )
    expected = {query: listed(f"locale=de&{query}") for query in queries}
    monkeypatch.setattr(mapping, "service_object", never)
    for query in queries:
        found = [s["id"] for s in ndjson(f"services?format=ndjson&locale=de&{query}")]
        assert found and found == expected[query], query
    monkeypatch.undo()

    places = ndjson("service_at_locations?format=ndjson&locale=fr")
    assert places == everything(client, "service_at_locations", "fr")

    with loaded.app_context():
        service = db.session.scalars(
            select(Service).where(Service.slug == "address-registration")
        ).one()
        service.translations["de"].title = "Ein neuer Titel"
        db.session.scalars(select(City)).one().content_version += 1
        db.session.commit()
    changed = ndjson("services?format=ndjson&locale=de")
    assert "Ein neuer Titel" in {s["name"] for s in changed}
    assert not set(first) & {p.name for p in folder.iterdir()}  # older version removed


def test_a_server_that_sends_files_gets_the_prepared_file(client, monkeypatch):
    """With `wsgi.file_wrapper` (gunicorn's sendfile) the whole set is the kept file."""
    from werkzeug.wsgi import FileWrapper

    from navigator.hsds import views

    sent = []

    def send_file(*args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(args[0].name)
        return real(*args, **kwargs)

    real = views.send_file
    monkeypatch.setattr(views, "send_file", send_file)
    url = f"{API}/services?format=ndjson&locale=fr"
    streamed = client.get(url).get_data()
    assert sent == []
    with client.get(url, environ_base={"wsgi.file_wrapper": FileWrapper}) as response:
        assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
        assert response.get_data() == streamed
        assert response.headers["ETag"].startswith('W/"hsds-')
    assert len(sent) == 1 and sent[0].endswith("_fr_services.ndjson")
