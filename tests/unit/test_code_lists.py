from corporate_parenting.quality.code_lists import valid_codes


def test_placement_codes_follow_their_collection_years():
    old, mid, new = (valid_codes("placement_types", y) for y in ("2022-23", "2024-25", "2025-26"))
    assert {"P2", "H5", "Z1"} <= set(old) and "K3" not in old
    assert {"K3", "H5", "P2"} <= set(mid)
    assert "K3" in new and not {"P2", "H5", "Z1"} & set(new)
    assert {"Z11", "Z12", "Z13", "Z14"} <= set(new)


def test_sex_codes_change_in_2024_25():
    assert valid_codes("sex_codes", "2023-24") == ["1", "2"]
    assert valid_codes("sex_codes", "2024-25") == ["F", "M", "U"]
