"""Organisations that provide services: city departments, NGOs, state agencies."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.db import Base
from navigator.i18n import L_
from navigator.translatable import Translatable, TranslationMixin, translations_of

ORGANISATION_KINDS = {
    "city": L_("City department"),
    "ngo": L_("Non-profit organisation"),
    "state": L_("State agency"),
    "other": L_("Other organisation"),
}


class Organisation(Translatable, Base):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint("kind IN ('city', 'ngo', 'state', 'other')", name="kind"),)
    TRANSLATED_FIELDS = ("name", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))

    services = relationship("Service", back_populates="organisation", order_by="Service.slug")
    translations: Mapped[dict[str, OrganisationTranslation]] = translations_of(
        "OrganisationTranslation"
    )

    @property
    def kind_title(self) -> str:
        return str(ORGANISATION_KINDS[self.kind])


class OrganisationTranslation(TranslationMixin, Base):
    __tablename__ = "organisation_translation"
    __table_args__ = (UniqueConstraint("organisation_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
