from django import template

from countries.world_map import DEFAULT_VIEW, map_arguments, render_world_map

register = template.Library()


@register.simple_tag
def world_map(
    *sources,
    title,
    description=None,
    id_prefix="world-map",
    view=DEFAULT_VIEW,
    listed=None,
):
    """``{% world_map groups parties title="Where the accords stand" %}``

    Each source: a ``{status: [Country, …]}`` mapping (``grouped_by_status``)
    or Country objects, with ``status`` annotated or, for the party and the
    broker, a role. ``view``: "region" (the default) or "world". ``listed``:
    a source whose countries a list after the map links again; their map links
    leave the tab order. Load static/css/map.css on the page.
    """
    repeated = map_arguments(listed)["links"] if listed is not None else {}
    return render_world_map(
        **map_arguments(*sources),
        title=title,
        description=description,
        id_prefix=id_prefix,
        view=view,
        listed=repeated,
    )
