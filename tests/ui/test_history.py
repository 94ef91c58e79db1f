"""Back / forward through opened talks."""

from confbrowser.ui.history import History


def test_back_forward_and_a_new_visit_drops_the_forward_steps():
    history = History()
    assert history.back() is None and history.forward() is None
    for place in ("a", "b", "b", "c"):
        history.visit(place)
    assert history.places == ["a", "b", "c"]
    assert history.back() == "b" and history.back() == "a" and history.back() is None
    assert history.forward() == "b"
    history.visit("d")
    assert history.places == ["a", "b", "d"] and history.forward() is None
