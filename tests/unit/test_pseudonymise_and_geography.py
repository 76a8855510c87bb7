from __future__ import annotations

import pytest

from corporate_parenting.geography import (
    NOT_KNOWN_DISTANCE,
    Location,
    PostcodeDirectory,
    postcode_district,
)
from corporate_parenting.pseudonymise import Pseudonymiser


def test_child_key_is_stable_keyed_and_scoped_to_the_la():
    one = Pseudonymiser(b"a-secret-key-for-tests")
    other = Pseudonymiser(b"another-secret-key-for-tests")
    key = one.child_key("E06099001", "901123456")
    assert key == one.child_key("e06099001", " 901123456 ")
    assert key != other.child_key("E06099001", "901123456")
    assert key != one.child_key("E06099002", "901123456")
    assert "901123456" not in key and len(key) == 32


def test_a_short_key_is_refused():
    with pytest.raises(ValueError, match="at least 16"):
        Pseudonymiser(b"short")


@pytest.fixture
def postcodes():
    return PostcodeDirectory(
        {
            "HF1 1AA": Location(450000, 300000, "E06099001"),
            "HF2 2BB": Location(453000, 304000, "E06099001"),
            "QN1 1AA": Location(480000, 340000, "E06099901"),
            "XW1 1AA": Location(300000, 250000, "W06099001"),
        }
    )


def test_distance_follows_the_dfe_formula(postcodes):
    # 3 km east and 4 km north: 5 km, divided by 1.6093 -> 3.1 miles.
    assert postcodes.placement_distance("HF1 1AA", "hf2  2bb") == 3.1
    assert postcodes.placement_distance("HF1 1AA", "QN1 1AA") == 31.1


@pytest.mark.parametrize(
    "home, placement",
    [
        ("HF1 1AA", ""),
        ("", "HF2 2BB"),
        ("HF1 1AA", "ZZ9 9ZZ"),
        ("HF1 1AA", "XW1 1AA"),
    ],
)
def test_distance_is_999_9_when_a_postcode_is_missing_unknown_or_outside_england(
    postcodes, home, placement
):
    assert postcodes.placement_distance(home, placement) == NOT_KNOWN_DISTANCE


def test_placement_location_in_out_and_not_known(postcodes):
    assert postcodes.placement_location("HF2 2BB", "E06099001") == "IN"
    assert postcodes.placement_location("QN1 1AA", "E06099001") == "OUT"
    assert postcodes.placement_la("XW1 1AA") == "WAL"
    assert postcodes.placement_location("XW1 1AA", "E06099001") == "OUT"
    assert postcodes.placement_location("", "E06099001") is None


def test_postcodes_are_reduced_to_their_district():
    assert postcode_district("hf4 7qd") == "HF4"
    assert postcode_district("") is None
