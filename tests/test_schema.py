import pytest

from reflectkit import schema as s


@pytest.mark.parametrize(
    ("labels", "stored"),
    [
        (["walk", "warm shower"], "walk; warm shower"),
        (["walk", " walk ", ""], "walk"),
        (["a;b"], "a,b"),
        ("walk;  warm   shower", "walk; warm shower"),
        ([], None),
        (None, None),
    ],
)
def test_join_tags(labels, stored):
    assert s.join_tags(labels) == stored


def test_tags_split_back_into_their_labels():
    assert s.split_tags(s.join_tags(["mild interest", "brief sadness"])) == [
        "mild interest",
        "brief sadness",
    ]
    assert s.split_tags(float("nan")) == []


def test_every_field_but_date_is_optional():
    assert [f.name for f in s.FIELDS if f.required] == [s.DATE]


def test_allowed_text_is_plain():
    assert s.FIELD_BY_NAME[s.MOOD].allowed_text() == "a number from 1 to 10"
    assert s.FIELD_BY_NAME[s.MEALS].allowed_text() == "a whole number from 0 to 10"
    assert "time together" in s.FIELD_BY_NAME[s.SOCIAL_CONTACT].allowed_text()
