"""Generate a synthetic city as a content pack directory, shaped like content/demo.

The demo pack's topics, statuses, areas, documents, facts, organisations and locations are
copied as they are; its 51 services are the *templates* for N synthetic services. Each
synthetic service has English source texts and a translation in every other locale
(de fr es nl pl lt uk ru tr ar fa). Texts are assembled from real sentences of the demo
pack's translations in that language, so they have the right scripts, diacritics and
lengths. Eligibility rules are demo rules with varied constants and status lists.

Deterministic for a given seed.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from navigator.config import ROOT
from navigator.content.problems import Problems
from navigator.content.reader import read_pack
from navigator.content.validate import validate_pack

DEMO = ROOT / "content" / "demo"
LOCALES = ("de", "fr", "es", "nl", "pl", "lt", "uk", "ru", "tr", "ar", "fa")
FIXED = ("welcome-centre", "address-registration")  # slugs the pack itself names
TEXT_FIELDS = ("title", "summary", "description", "eligibility_summary", "cost")

try:  # libyaml is ~10x faster at writing 100 MB of YAML
    _Base: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeDumper


class _Dumper(_Base):  # type: ignore[misc,valid-type]
    def ignore_aliases(self, data: Any) -> bool:  # no &id001 anchors in generated files
        return True


# The demo pack has no Farsi file; a small pool of plain sentences about services.
FARSI = [
    "این خدمت رایگان است و برای همه تازه‌واردان باز است.",
    "لطفاً گذرنامه یا هر مدرک شناسایی دیگری که دارید همراه بیاورید.",
    "مشاوران ما به زبان‌های فارسی، عربی، انگلیسی و آلمانی صحبت می‌کنند.",
    "برای وقت ملاقات می‌توانید تلفن کنید یا بدون وقت قبلی مراجعه کنید.",
    "اگر مدرکی ندارید، باز هم بیایید. ما به شما کمک می‌کنیم.",
    "در اولین دیدار با هم برنامه‌ای برای قدم‌های بعدی شما می‌نویسیم.",
    "این دوره برای بزرگسالانی است که تازه به شهر آمده‌اند.",
    "کودکان زیر سه سال می‌توانند در برخی دوره‌ها از مهدکودک استفاده کنند.",
    "اطلاعات شما محرمانه می‌ماند و با هیچ اداره‌ای به اشتراک گذاشته نمی‌شود.",
    "اگر به مترجم نیاز دارید، هنگام گرفتن وقت به ما بگویید.",
    "ساعات کاری در روزهای تعطیل رسمی متفاوت است.",
    "هزینه: رایگان.",
    "مشاوره در مورد مسکن، کار، مدرسه و بیمه درمانی.",
    "برای ثبت نشانی خود به دفتر شهروندان بروید.",
    "کمک فوری برای کسانی که امشب جایی برای خوابیدن ندارند.",
    "می‌توانید گواهی تحصیلی خود را برای شناسایی و ارزیابی ارائه دهید.",
    "پس از ثبت‌نام، نامه‌ای با تاریخ شروع دوره دریافت می‌کنید.",
    "خانه زبان هر پنجشنبه عصر در کتابخانه مرکزی برگزار می‌شود.",
]
FARSI_TITLES = [
    "مرکز خوشامدگویی", "مشاوره مسکن", "کلاس زبان آلمانی", "کمک برای بیمه درمانی",
    "مشاوره حقوقی اقامت", "ثبت نام مدرسه", "مشاوره شغلی", "مرکز خانواده",
    "کمک دیجیتال", "خوابگاه اضطراری", "شناسایی مدارک تحصیلی", "مشاوره کسب و کار",
]  # fmt: skip
FARSI_COST = ["رایگان", "رایگان، بدون وقت قبلی", "۱۰ یورو برای هر جلسه", "رایگان برای کودکان"]

_SENTENCE = re.compile(r"(?<=[.!?؟。])\s+")


def _sentences(value: Any, into: list[str]) -> None:
    if isinstance(value, str):
        for line in value.splitlines():
            line = line.strip().lstrip("-*0123456789. ").strip()
            for part in _SENTENCE.split(line):
                if 25 <= len(part) <= 260 and not part.startswith("http"):
                    into.append(part)
    elif isinstance(value, dict):
        for item in value.values():
            _sentences(item, into)
    elif isinstance(value, list):
        for item in value:
            _sentences(item, into)


class Pools:
    """Per-locale sentences, titles and cost texts taken from the demo pack."""

    def __init__(self, pack: Any, raw_translations: dict[str, dict[str, Any]]) -> None:
        self.sentences: dict[str, list[str]] = {}
        self.titles: dict[str, list[str]] = {}
        self.costs: dict[str, list[str]] = {}
        en_sent: list[str] = []
        services = pack.entities["services"]
        for kind in ("services", "topics", "statuses", "facts", "organisations", "locations"):
            for entity in pack.entities[kind].values():
                _sentences({k: v for k, v in entity.items() if k != "translations"}, en_sent)
        self.sentences["en"] = en_sent
        self.titles["en"] = [s["title"] for s in services.values()] + [
            t["title"] for t in pack.entities["topics"].values()
        ]
        self.costs["en"] = [s["cost"] for s in services.values() if s.get("cost")]
        for locale in LOCALES:
            if locale == "fa":
                self.sentences[locale], self.titles[locale] = FARSI, FARSI_TITLES
                self.costs[locale] = FARSI_COST
                continue
            data = raw_translations[locale]
            sent: list[str] = []
            _sentences({k: v for k, v in data.items() if k != "locale"}, sent)
            self.sentences[locale] = sent
            self.titles[locale] = [e["title"] for e in (data.get("services") or {}).values()] + [
                e["title"] for e in (data.get("topics") or {}).values()
            ]
            self.costs[locale] = [
                e["cost"] for e in (data.get("services") or {}).values() if e.get("cost")
            ] or [self.titles[locale][0]]


def _paragraphs(rng: random.Random, pool: list[str], target: int) -> str:
    """Markdown of about `target` characters: short paragraphs and one list."""
    out: list[str] = []
    size = 0
    para: list[str] = []
    while size < target:
        sentence = rng.choice(pool)
        para.append(sentence)
        size += len(sentence) + 1
        if len(para) >= rng.randint(2, 4):
            out.append(" ".join(para))
            para = []
            if rng.random() < 0.3:
                items = [f"- {rng.choice(pool)}" for _ in range(rng.randint(2, 4))]
                out.append("\n".join(items))
                size += sum(len(i) for i in items)
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out) + "\n"


def _numbered(title: str, number: int, area: str) -> str:
    return f"{title} – {area} {number}"


def _texts(
    rng: random.Random,
    pools: Pools,
    locale: str,
    template: dict[str, Any] | None,
    number: int,
    area: str,
) -> dict[str, str]:
    """Title, summary, description, eligibility summary and cost in one locale."""
    pool = pools.sentences[locale]
    if template is not None and rng.random() < 0.7:
        # Based on the demo's own text of this service, lengthened with more sentences.
        description = (
            template["description"].rstrip("\n")
            + "\n\n"
            + _paragraphs(rng, pool, rng.randint(200, 900))
        )
        return {
            "title": _numbered(template["title"], number, area),
            "summary": template["summary"],
            "description": description,
            "eligibility_summary": template.get("eligibility_summary") or rng.choice(pool),
            "cost": template.get("cost") or rng.choice(pools.costs[locale]),
        }
    return {
        "title": _numbered(rng.choice(pools.titles[locale]), number, area),
        "summary": " ".join(rng.sample(pool, 2))[:300],
        "description": _paragraphs(rng, pool, rng.randint(500, 1800)),
        "eligibility_summary": rng.choice(pool),
        "cost": rng.choice(pools.costs[locale]),
    }


class RuleVariator:
    """Demo rules with other constants: other statuses, ages, months, option values."""

    def __init__(
        self,
        facts: dict[str, dict[str, Any]],
        statuses: list[str],
        areas: list[str],
        topics: list[str],
    ) -> None:
        self.options: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        for key, fact in facts.items():
            self.kinds[key] = fact.get("type", "derived")
            if fact.get("options_from") == "statuses":
                self.options[key] = statuses
            elif fact.get("options_from") == "areas":
                self.options[key] = areas
            elif fact.get("options_from") == "topics":
                self.options[key] = topics
            elif fact.get("options"):
                self.options[key] = [o["value"] for o in fact["options"]]

    @staticmethod
    def _var(value: Any) -> str | None:
        if isinstance(value, dict) and set(value) == {"var"}:
            name = value["var"]
            return name if isinstance(name, str) else None
        return None

    def vary(self, rule: Any, rng: random.Random) -> Any:
        if isinstance(rule, list):
            return [self.vary(item, rng) for item in rule]
        if not isinstance(rule, dict) or len(rule) != 1:
            return rule
        ((op, args),) = rule.items()
        if isinstance(args, list) and len(args) == 2:
            left, right = args
            name = self._var(left)
            options = self.options.get(name or "")
            if op in ("==", "!=") and options and isinstance(right, str):
                return {op: [left, rng.choice(options)]}
            if op == "in" and options and isinstance(right, list):
                count = rng.randint(1, max(1, len(options) - 1))
                return {op: [left, sorted(rng.sample(options, count), key=options.index)]}
            rname = self._var(right)
            if op == "in" and isinstance(left, str) and rname in self.options:
                return {op: [rng.choice(self.options[rname]), right]}
            if (
                op in ("<", "<=", ">", ">=")
                and name
                and isinstance(right, int | float)
                and not isinstance(right, bool)
            ):
                if name == "age":
                    return {op: [left, max(0, min(120, int(right) + rng.randint(-4, 4)))]}
                if name == "months_since_arrival":
                    return {op: [left, rng.choice([1, 2, 3, 6, 9, 12, 15, 18, 24, 36])]}
        return {op: self.vary(args, rng)}


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)


def generate(out: Path, services: int = 5000, seed: int = 20261124) -> dict[str, Any]:
    """Write the city's base pack to `out` and return its services as canonical dicts.

    The base pack (pack.yaml, taxonomies, facts, organisations, locations, events,
    translations of all of these, and the FIXED services the pack itself refers to) is a
    loadable content pack. ``write_services`` adds the other services as files; the
    benchmark usually inserts them in bulk instead (see bulkload.py).
    """
    rng = random.Random(seed)
    problems = Problems()
    demo = read_pack(DEMO, problems)
    assert not problems, problems.items
    raw = {
        loc: yaml.safe_load((DEMO / "translations" / f"{loc}.yaml").read_text(encoding="utf-8"))
        for loc in LOCALES
        if (DEMO / "translations" / f"{loc}.yaml").exists()
    }
    pools = Pools(demo, raw)
    out.mkdir(parents=True, exist_ok=True)
    for name in (
        "pack.yaml",
        "topics.yaml",
        "statuses.yaml",
        "areas.yaml",
        "documents.yaml",
        "facts.yaml",
    ):
        shutil.copy(DEMO / name, out / name)
    # The demo's events come along as they are (their translations are in the files below).
    for folder in ("organisations", "locations", "events"):
        shutil.copytree(DEMO / folder, out / folder, dirs_exist_ok=True)
    (out / "services").mkdir(exist_ok=True)
    (out / "translations").mkdir(exist_ok=True)

    statuses = list(demo.entities["statuses"])
    areas = list(demo.entities["areas"])
    top_topics = [k for k, t in demo.entities["topics"].items() if "parent" not in t]
    variator = RuleVariator(demo.entities["facts"], statuses, areas, top_topics)
    area_names = {
        loc: [
            (raw.get(loc, {}).get("areas") or {}).get(a, {}).get("name")
            or demo.entities["areas"][a]["name"]
            for a in areas
        ]
        for loc in ("en", *LOCALES)
    }
    templates = [
        s for s in demo.entities["services"].values() if s.get("status", "published") == "published"
    ]
    ruled = [t for t in templates if t.get("eligibility")]
    open_ = [t for t in templates if not t.get("eligibility")]
    location_slugs = list(demo.entities["locations"])

    made: list[dict[str, Any]] = []
    with_rules = 0
    by_slug = {t["slug"]: t for t in templates}
    for i in range(services):
        if i < len(FIXED):
            slug = FIXED[i]
            template = by_slug[slug]
        else:
            # ~75% of services have a rule, the rest are open to everyone.
            template = rng.choice(ruled) if rng.random() < 0.75 else rng.choice(open_)
            slug = f"{template['slug']}-{i}"
        area_index = rng.randrange(len(areas))
        data: dict[str, Any] = {
            k: copy.deepcopy(v)
            for k, v in template.items()
            if k not in ("translations", "slug", *TEXT_FIELDS)
        }
        src = _texts(rng, pools, "en", template, i, area_names["en"][area_index])
        data = {"slug": slug, "title": src["title"], "summary": src["summary"], **data}
        data["description"] = src["description"]
        data["eligibility_summary"] = src["eligibility_summary"]
        data["cost"] = src["cost"]
        data["status"] = "draft" if i >= len(FIXED) and rng.random() < 0.02 else "published"
        if template.get("eligibility") and i >= len(FIXED):
            rule = variator.vary(template["eligibility"][0]["rule"], rng)
            entry = {**template["eligibility"][0], "rule": rule}
            if rng.random() < 0.1:
                # A rule change: the old rule ran out last year, the new one applies now.
                old = {**entry, "rule": variator.vary(template["eligibility"][0]["rule"], rng)}
                old["valid_to"] = "2025-12-31"
                entry = {**entry, "valid_from": "2026-01-01"}
                data["eligibility"] = [old, entry]
            else:
                data["eligibility"] = [entry]
        data["open_to_all"] = not data.get("eligibility")
        if data.get("eligibility"):
            with_rules += 1
        requires = list(template.get("requires", []))
        if i > len(FIXED) and rng.random() < 0.05:
            # A prerequisite among the services made so far: never a cycle.
            requires.append(made[rng.randrange(len(FIXED), len(made))]["slug"])
        data["requires"] = sorted(set(requires))
        if data.get("locations") and rng.random() < 0.5:
            # Same hours, another place: a place that kept its building's hours takes them
            # along as its own (the new building may have none).
            for place in data["locations"]:
                if place.pop("location_hours", False):
                    building = demo.entities["locations"][place["location"]]
                    place["hours"] = building.get("hours", [])
                    place["exceptions"] = building.get("exceptions", [])
                place["location"] = rng.choice(location_slugs)
            seen: set[str] = set()
            data["locations"] = [
                p
                for p in data["locations"]
                if not (p["location"] in seen or seen.add(p["location"]))
            ]
        data["translations"] = {
            loc: _texts(
                rng,
                pools,
                loc,
                template.get("translations", {}).get(loc),
                i,
                area_names[loc][area_index],
            )
            for loc in LOCALES
        }
        made.append(data)

    translations: dict[str, dict[str, Any]] = {}
    for loc in LOCALES:
        base = {k: v for k, v in raw.get(loc, {"locale": loc}).items() if k != "services"}
        base["locale"] = loc
        translations[loc] = base
    write_services(out, made[: len(FIXED)], translations)
    return {
        "services": made,
        "translations": translations,
        "with_rules": with_rules,
        "locales": ["en", *LOCALES],
        "slugs": [s["slug"] for s in made],
        "topics": list(demo.entities["topics"]),
        "top_topics": top_topics,
        "statuses": statuses,
        "facts": demo.entities["facts"],
        "en_title_words": _words(pools.titles["en"]),
        "ar_title_words": _words(pools.titles["ar"]),
    }


def validate(out: Path, info: dict[str, Any]) -> Problems:
    """The generated city checked the way the loader would (references, rules, cycles),
    without writing 100 MB of service files first."""
    problems = Problems()
    pack = read_pack(out, problems)
    for data in info["services"]:
        pack.entities["services"][data["slug"]] = data
        pack.origin[("services", data["slug"])] = f"services/{data['slug']}.md"
    validate_pack(pack, problems)
    return problems


def write_services(
    out: Path, services: list[dict[str, Any]], translations: dict[str, dict[str, Any]]
) -> None:
    """Write services as pack files, and the translation files with their texts."""
    files = {loc: {**data, "services": {}} for loc, data in translations.items()}
    for data in services:
        front = {k: v for k, v in data.items() if k not in ("description", "translations")}
        text = "---\n" + _dump(front) + "---\n" + data["description"]
        (out / "services" / f"{data['slug']}.md").write_text(text, encoding="utf-8")
        for loc, entry in data["translations"].items():
            files[loc]["services"][data["slug"]] = entry
    for loc, data in files.items():
        (out / "translations" / f"{loc}.yaml").write_text(_dump(data), encoding="utf-8")


def _words(titles: list[str]) -> list[str]:
    words = {w for t in titles for w in re.findall(r"[^\W\d_]{4,}", t)}
    return sorted(words)
