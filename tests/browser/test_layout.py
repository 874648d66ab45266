"""A cheap phone: 360 × 740 CSS pixels. Nothing may scroll sideways, in English or Arabic."""

from __future__ import annotations

import pytest

from navigator.config import ALL_LOCALES
from tests.browser.journey import server_error

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/{locale}/",
    "service": "/{locale}/services/address-registration",
    "questionnaire step": "/{locale}/start",
    "plan": "/{locale}/plan?t={token}",
}

# The widest offenders, to say *what* overflows when something does.
_OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
        `${el.classList.length ? '.' + [...el.classList].join('.') : ''}` +
        ` [${Math.round(box.left)}..${Math.round(box.right)}]`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 10)};
}"""


@pytest.fixture(scope="module")
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling_on_a_phone(phone, live_server, plan_token, name, locale):  # type: ignore[no-untyped-def]
    response = phone.goto(live_server + PAGES[name].format(locale=locale, token=plan_token))
    status = response.status if response else None
    assert status == 200, f"{name} ({locale}) answered {status}{server_error()}"
    assert phone.viewport_size == {"width": 360, "height": 740}
    measured = phone.evaluate(_OVERFLOW)
    assert measured["clientWidth"] <= 360
    assert measured["scrollWidth"] <= measured["clientWidth"], (
        f"{name} ({locale}) scrolls sideways on a 360px phone: scrollWidth "
        f"{measured['scrollWidth']} > clientWidth {measured['clientWidth']}; "
        f"too wide: {measured['wide']}"
    )


# Every locale: translations are longer than English ("Je ne sais pas / je préfère ne pas
# répondre", "Weiß ich nicht / möchte ich nicht sagen") and must wrap, not overflow.
@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("name", ["home", "questionnaire step"])
def test_no_horizontal_scrolling_in_any_locale(phone, live_server, name, locale):  # type: ignore[no-untyped-def]
    response = phone.goto(live_server + PAGES[name].format(locale=locale, token=""))
    status = response.status if response else None
    assert status == 200, f"{name} ({locale}) answered {status}{server_error()}"
    measured = phone.evaluate(_OVERFLOW)
    assert measured["scrollWidth"] <= measured["clientWidth"] <= 360, (
        f"{name} ({locale}) scrolls sideways on a 360px phone: scrollWidth "
        f"{measured['scrollWidth']} > clientWidth {measured['clientWidth']}; "
        f"too wide: {measured['wide']}"
    )
