"""The seeded cover and recall letters come back after a flush, as a fresh install has them."""

import pytest
from django.core.management import call_command

from plakats.distribution.models import LetterTemplate


@pytest.mark.django_db(transaction=True)
def test_it_reseeds_the_letters_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    letters = {letter.language: letter for letter in LetterTemplate.objects.all()}
    assert sorted(letters) == ["en", "lv", "ru"]
    assert all(letter.body and letter.recall_body for letter in letters.values())


@pytest.mark.django_db(transaction=True)
def test_it_leaves_edited_letters_alone():
    LetterTemplate.objects.filter(language="lv").update(title="Mūsu vēstule")
    call_command("migrate", verbosity=0)
    assert LetterTemplate.objects.get(language="lv").title == "Mūsu vēstule"
    assert LetterTemplate.objects.count() == 3
