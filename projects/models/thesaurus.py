"""The search's municipal German: synonym groups and the parts compounds split into.

Both are data the coordinators keep in the admin (``projects.services.thesaurus``);
PostgreSQL reads them while it searches (docs/search.md):

- a **synonym group** ("Bürgerbüro, Bürgeramt, Bürgerservice") widens every
  word of a search or similarity lookup that is one of its terms to all of
  them — at query time, so a change applies to the next search;
- a **word part** ("kita", "portal") is a known head or tail of German
  compounds: the search vector of a project holds the parts of its title's
  and summary's compounds ("Kitaportal" → kita, portal), and a searched
  compound is split the same way, so "Kitaportal", "Kita-Portal" and "Portal
  für Kitas" meet.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint
from core.text import validate_one_line

# Lower-case letters only (umlauts and ß included), three at least.
WORD_PART_PATTERN = r"^[a-zäöüß]{3,40}$"


class SynonymGroup(models.Model):
    terms = ArrayField(
        models.CharField(max_length=100, validators=[validate_one_line]),
        verbose_name=_("Begriffe"),
        help_text=_(
            "Begriffe, die in der Suche dasselbe meinen, durch Kommas getrennt "
            "(z. B. „Bürgerbüro, Bürgeramt, Bürgerservice“)."
        ),
    )
    note = models.CharField(
        _("Anmerkung"), max_length=200, blank=True, validators=[validate_one_line]
    )
    # The terms' word forms, kept by a trigger (migration 0007): a searched
    # word is matched against them with PostgreSQL's German stemming.
    lexemes = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Synonymgruppe")
        verbose_name_plural = _("Synonymgruppen (Thesaurus)")
        ordering = ["terms"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(terms__len__gte=2),
                name="synonym_group_two_terms_at_least",
                field="terms",
                violation_error_message=_("Eine Gruppe braucht mindestens zwei Begriffe."),
            )
        ]

    def __str__(self) -> str:
        return ", ".join(self.terms)


class WordPart(models.Model):
    word = models.CharField(
        _("Wortteil"),
        max_length=40,
        unique=True,
        help_text=_("Ein Wort, das als Anfang oder Ende zusammengesetzter Wörter vorkommt."),
        error_messages={"unique": _("Diesen Wortteil gibt es schon.")},
        validators=[validate_one_line],
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Wortteil")
        verbose_name_plural = _("Wortteile (Komposita)")
        ordering = ["word"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(word__regex=WORD_PART_PATTERN),
                name="word_part_lower_case_letters",
                field="word",
                violation_error_message=_(
                    "Nur Kleinbuchstaben (auch ä, ö, ü, ß), mindestens drei."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.word


class SearchWord(models.Model):
    """A word of a project title, for "Meinten Sie …?" (``projects.search``).

    Kept by a trigger on projects (migration 0007) and never edited: a word of
    a title that changed since stays, and is only ever offered as a suggestion.
    """

    key = models.CharField(max_length=100, primary_key=True)  # lower case
    word = models.CharField(max_length=100)  # as first written

    class Meta:
        indexes = [GinIndex(fields=["key"], opclasses=["gin_trgm_ops"], name="searchword_key_trgm")]

    def __str__(self) -> str:
        return self.word
