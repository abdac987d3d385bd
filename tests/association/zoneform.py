"""What the zone directory's filter form sends, as a browser would build it (no links
lead to combinations of facet values: the form's checkboxes and buttons do)."""

from tests.soup import parse, select


def form_pairs(page, toggle=None, extra=()):
    """(name, value) pairs the GET form #zone-filters sends: the ticked facet boxes (the
    box `toggle` = (facet, value) ticked or unticked), the name search, then `extra` (the
    pressed button's name and value)."""
    pairs = []
    for box in select(page, 'input[type="checkbox"][form="zone-filters"]'):
        key = (box["name"], box["value"])
        if box.has_attr("checked") != (key == toggle):
            pairs.append(key)
    query = parse(page).select_one("#zone-q").get("value", "")
    if query:
        pairs.append(("q", query))
    return pairs + list(extra)
