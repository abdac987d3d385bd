"""Small charts drawn on the server as inline SVG: no script, nothing fetched, so the content
security policy stays as it is and the charts show without JavaScript.

Every point is a circle (or a bar) with a <title> (its label and value, shown on hover and
read by screen readers); the page puts the same figures in a table beside each chart.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _n(number):
    """A coordinate as SVG wants it (format_html escapes its arguments into strings)."""
    return f"{number:.1f}"


BOTTOM = 16  # room under the axis for the first and last labels


def _x_labels(points, xs, height):
    """The first and the last point's label under the axis."""
    if not points:
        return mark_safe("")
    ends = [(xs[0], "start", points[0][0])]
    if len(points) > 1:
        ends.append((xs[-1], "end", points[-1][0]))
    return format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="{}">{}</text>',
        ((_n(x), height + BOTTOM - 2, anchor, text) for x, anchor, text in ends),
    )


def _scale(values, height, pad):
    top = max(values, default=0) or 1
    return lambda value: pad + (height - 2 * pad) * (1 - value / top)


def line_chart(points, *, label, width=640, height=180, highlight=()):
    """A line through `points` [(label, value)], one circle per point; `highlight` holds the
    indexes of points drawn as alarms (e.g. runs that failed a veto item)."""
    pad, left = 12, 40
    values = [value for _label, value in points]
    y = _scale(values, height, pad)
    step = (width - left - pad) / max(1, len(points) - 1)
    xs = [left + i * step for i in range(len(points))] if len(points) > 1 else [width / 2]
    coordinates = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, values, strict=True))
    top = max(values, default=0)
    circles = format_html_join(
        "",
        '<circle class="{}" cx="{}" cy="{}" r="3.5"><title>{}：{}</title></circle>',
        (
            ("point alarm" if i in highlight else "point", _n(x), _n(y(v)), point_label, v)
            for i, (x, (point_label, v)) in enumerate(zip(xs, points, strict=True))
        ),
    )
    axis = format_html(
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">0</text>',
        left,
        height - pad,
        width - pad,
        height - pad,
        left - 6,
        pad + 4,
        top,
        left - 6,
        height - pad + 4,
    )
    line = format_html('<polyline class="line" points="{}"></polyline>', coordinates)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>{}{}{}{}</svg>',
        width,
        height + BOTTOM,
        width,
        height + BOTTOM,
        label,
        label,
        axis,
        _x_labels(points, xs, height),
        line if len(points) > 1 else mark_safe(""),
        circles,
    )


def bar_chart(points, *, label, width=640, height=160):
    """One bar per point [(label, value)]."""
    pad, left = 12, 40
    values = [value for _label, value in points]
    y = _scale(values, height, pad)
    slot = (width - left - pad) / max(1, len(points))
    bars = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}：{}</title></rect>',
        (
            (
                _n(left + i * slot + slot * 0.15),
                _n(y(v)),
                _n(slot * 0.7),
                _n(height - pad - y(v)),
                name,
                v,
            )
            for i, (name, v) in enumerate(points)
        ),
    )
    centres = [left + i * slot + slot / 2 for i in range(len(points))]
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>'
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>{}{}</svg>',
        width,
        height + BOTTOM,
        width,
        height + BOTTOM,
        label,
        label,
        left,
        height - pad,
        width - pad,
        height - pad,
        left - 6,
        pad + 4,
        max(values, default=0),
        _x_labels(points, centres, height),
        bars,
    )


def sparkline(points, *, label, width=150, height=28):
    """A tiny line of [(label, value)] for a table cell, one circle per point."""
    pad = 3
    values = [value for _label, value in points]
    y = _scale(values, height, pad)
    step = (width - 2 * pad) / max(1, len(points) - 1)
    xs = [pad + i * step for i in range(len(points))]
    coordinates = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, values, strict=True))
    circles = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="1.4"><title>{}：{}</title></circle>',
        ((_n(x), _n(y(v)), name, v) for x, (name, v) in zip(xs, points, strict=True)),
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><polyline class="line" points="{}"></polyline>{}</svg>',
        width,
        height,
        width,
        height,
        label,
        coordinates,
        circles,
    )
