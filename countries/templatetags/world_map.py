from django import template

from countries.world_map import map_arguments, render_world_map

register = template.Library()


@register.simple_tag
def world_map(*sources, title, description=None, id_prefix="world-map"):
    """``{% world_map groups parties title="Where the accords stand" %}``

    Each source: a ``{status: [Country, …]}`` mapping (``grouped_by_status``)
    or Country objects, with ``status`` annotated or, for the party and the
    broker, a role. Load static/css/map.css on the page.
    """
    return render_world_map(
        **map_arguments(*sources),
        title=title,
        description=description,
        id_prefix=id_prefix,
    )
