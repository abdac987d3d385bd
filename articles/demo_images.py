"""Photos for the demo articles, drawn locally with Pillow (nothing is downloaded).

Each scene is a plausible news picture at 1200 × 675: a zone's skyline, an industrial park
with workshops and solar roofs, a port with cranes and containers, a conference hall with
a stage screen and an audience, a chart on a presentation screen. Deterministic for a
seed, no text (no font needed), about 30 ms each.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _sky(draw, rng, horizon, top=None, bottom=None):
    top = top or _mix((70, 130, 200), (150, 180, 220), rng.random() * 0.5)
    bottom = bottom or _mix((215, 228, 240), (250, 220, 190), rng.random() * 0.6)
    for y in range(horizon):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / horizon))


def _windows(draw, rng, box, lit=0.15):
    left, top, right, bottom = box
    step_x, step_y = rng.choice([(12, 16), (16, 20), (10, 14)])
    for y in range(top + 8, bottom - 6, step_y):
        for x in range(left + 6, right - 6, step_x):
            shade = (250, 226, 160) if rng.random() < lit else (120, 150, 180)
            draw.rectangle([x, y, x + step_x - 6, y + step_y - 8], fill=shade)


# One grain pattern for every picture (making noise is the slow part).
_GRAIN = []


def _finish(image, rng):
    """Soften the drawing and add film grain, so it reads as a photo, then encode."""
    if not _GRAIN:
        _GRAIN.append(Image.effect_noise((WIDTH, HEIGHT), 12).convert("RGB"))
    image = image.filter(ImageFilter.BoxBlur(1))
    image = Image.blend(image, _GRAIN[0], 0.05)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def skyline(seed):
    """A development zone's skyline over a boulevard with trees."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 430
    _sky(draw, rng, horizon)
    # Far towers, pale with distance; then near towers with windows.
    for layer, (tone, low, high) in enumerate(
        [((170, 185, 205), 120, 260), ((105, 125, 150), 160, 360)]
    ):
        x = -20
        while x < WIDTH:
            w = rng.randint(50, 120)
            h = rng.randint(low, high)
            colour = _mix(tone, (60, 70, 90), rng.random() * 0.3)
            draw.rectangle([x, horizon - h, x + w, horizon], fill=colour)
            if layer:
                _windows(draw, rng, (x, horizon - h, x + w, horizon), lit=0.08)
                if rng.random() < 0.3:
                    draw.rectangle(
                        [x + w // 2 - 2, horizon - h - 30, x + w // 2 + 2, horizon - h], fill=colour
                    )
            x += w + rng.randint(4, 30)
    # Road in perspective, lawns, a row of trees, lamp posts.
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(98, 140, 80))
    draw.polygon([(520, horizon), (680, horizon), (1100, HEIGHT), (100, HEIGHT)], fill=(90, 92, 98))
    draw.polygon(
        [(598, horizon), (602, horizon), (618, HEIGHT), (582, HEIGHT)], fill=(230, 230, 220)
    )
    for i in range(9):
        t = i / 8
        y = horizon + 20 + t * 200
        size = 14 + t * 60
        for side in (-1, 1):
            x = 600 + side * (110 + t * 480)
            draw.rectangle([x - size * 0.08, y, x + size * 0.08, y + size * 0.9], fill=(80, 60, 40))
            draw.ellipse(
                [x - size, y - size * 1.2, x + size, y + size * 0.3],
                fill=_mix((50, 110, 50), (90, 150, 70), rng.random()),
            )
    return _finish(image, rng)


def industrial_park(seed):
    """Workshops with saw-tooth roofs and solar panels, a chimney-free clean factory park."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 300
    _sky(draw, rng, horizon)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(150, 165, 140))
    for y0, depth in ((horizon, 90), (horizon + 120, 150), (horizon + 280, 200)):
        x = -rng.randint(0, 80)
        while x < WIDTH:
            w = rng.randint(220, 380)
            wall = _mix((225, 228, 232), (190, 200, 210), rng.random())
            draw.rectangle([x, y0 + 30, x + w, y0 + depth], fill=wall)
            draw.rectangle([x, y0 + depth - 12, x + w, y0 + depth], fill=(120, 130, 140))
            teeth = max(3, w // 60)
            for k in range(teeth):
                a = x + k * w / teeth
                b = a + w / teeth
                draw.polygon([(a, y0 + 30), (b, y0 + 30), (b, y0 + 5)], fill=(40, 60, 110))
                draw.line([(a + 4, y0 + 27), (b - 4, y0 + 9)], fill=(90, 120, 180), width=2)
            for k in range(2, teeth * 2, 3):
                door = x + k * w / (teeth * 2)
                draw.rectangle(
                    [door, y0 + depth - 60, door + 28, y0 + depth - 12], fill=(70, 80, 95)
                )
            x += w + rng.randint(30, 70)
        draw.rectangle([0, y0 + depth, WIDTH, y0 + depth + 18], fill=(95, 97, 103))
    return _finish(image, rng)


def port(seed):
    """A bonded zone's port: sea, gantry cranes, stacked containers."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 330
    _sky(draw, rng, horizon, top=(110, 160, 210))
    draw.rectangle([0, horizon, WIDTH, 430], fill=(60, 100, 140))
    for y in range(horizon, 430, 6):
        draw.line([(0, y), (WIDTH, y)], fill=(75, 115, 155), width=1)
    draw.rectangle([0, 430, WIDTH, HEIGHT], fill=(150, 150, 145))
    colours = [
        (190, 60, 50),
        (40, 90, 160),
        (230, 170, 40),
        (60, 130, 90),
        (200, 200, 200),
        (120, 60, 120),
    ]
    for row in range(4):
        y = 470 + row * 50
        x = -rng.randint(0, 100)
        while x < WIDTH:
            stack = rng.randint(1, 4)
            for level in range(stack):
                top = y - level * 26
                c = rng.choice(colours)
                draw.rectangle([x, top - 24, x + 90, top], fill=c)
                for rib in range(x + 6, x + 88, 8):
                    draw.line([(rib, top - 22), (rib, top - 2)], fill=_mix(c, (0, 0, 0), 0.25))
            x += 96
    for k in range(rng.randint(3, 5)):
        x = 120 + k * 250 + rng.randint(-30, 30)
        crane = (210, 70, 50) if k % 2 else (40, 80, 150)
        draw.rectangle([x, 200, x + 10, 470], fill=crane)
        draw.rectangle([x + 90, 200, x + 100, 470], fill=crane)
        draw.rectangle([x - 60, 190, x + 220, 204], fill=crane)
        draw.line([(x + 5, 200), (x + 50, 150), (x + 95, 200)], fill=crane, width=6)
        draw.line([(x + 150, 204), (x + 150, 300)], fill=(40, 40, 40), width=2)
    # A ship at the quay.
    draw.polygon([(650, 430), (1150, 430), (1120, 470), (680, 470)], fill=(35, 45, 60))
    return _finish(image, rng)


def conference(seed):
    """A conference hall from the back: stage, screen, banner, rows of the audience."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    wall = _mix((120, 40, 40), (40, 60, 110), rng.random() < 0.5)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(wall, (20, 20, 30), y / HEIGHT * 0.6))
    for x in range(80, WIDTH, 160):  # ceiling lights
        draw.ellipse([x, 18, x + 40, 30], fill=(255, 245, 210))
    draw.rectangle([250, 60, 950, 110], fill=(180, 30, 30))  # banner
    draw.rectangle([330, 130, 870, 400], fill=(235, 240, 248))  # screen
    draw.rectangle([330, 130, 870, 170], fill=(20, 80, 160))
    bars = rng.randint(4, 7)
    for k in range(bars):
        h = rng.randint(60, 190)
        x = 380 + k * (440 // bars)
        draw.rectangle([x, 380 - h, x + 30, 380], fill=(30, 110, 190))
    draw.rectangle([180, 400, 1020, 440], fill=(90, 60, 40))  # stage front
    for k in range(5):  # the panel on stage
        x = 360 + k * 110
        draw.ellipse([x, 350, x + 26, 376], fill=(40, 30, 25))
        draw.rectangle([x - 8, 376, x + 34, 400], fill=(30, 35, 50))
    for row in range(6):  # audience, seen from behind
        y = 470 + row * 36
        size = 12 + row * 3
        x = rng.randint(-20, 10)
        while x < WIDTH:
            draw.rectangle(
                [x - size, y + size * 0.6, x + size, y + size * 2.5],
                fill=_mix((30, 35, 50), (70, 70, 80), rng.random()),
            )
            draw.ellipse(
                [x - size * 0.6, y - size * 0.6, x + size * 0.6, y + size * 0.7],
                fill=_mix((25, 20, 20), (60, 50, 45), rng.random()),
            )
            x += size * 2.6 + rng.randint(0, 6)
    return _finish(image, rng)


def chart(seed):
    """A chart on a meeting room screen: bars, a trend line and a table edge in front."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT), (225, 222, 215))
    draw = ImageDraw.Draw(image)
    draw.rectangle([140, 60, 1060, 560], fill=(40, 40, 45))
    draw.rectangle([160, 80, 1040, 540], fill=(250, 250, 252))
    draw.line([(220, 480), (1000, 480)], fill=(90, 90, 90), width=3)
    draw.line([(220, 480), (220, 120)], fill=(90, 90, 90), width=3)
    for y in range(160, 480, 80):
        draw.line([(222, y), (1000, y)], fill=(225, 228, 232), width=1)
    count = rng.randint(6, 10)
    step = 760 // count
    level = rng.randint(120, 200)
    points = []
    for k in range(count):
        level = max(60, min(330, level + rng.randint(-25, 45)))
        x = 250 + k * step
        draw.rectangle([x, 480 - level, x + step * 0.55, 480], fill=(11, 78, 162))
        points.append((x + step * 0.27, 480 - level - 25))
    draw.line(points, fill=(200, 30, 40), width=5)
    for x, y in points:
        draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(200, 30, 40))
    draw.polygon([(0, 600), (WIDTH, 600), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(120, 85, 55))
    draw.rectangle([0, 596, WIDTH, 604], fill=(90, 60, 40))
    return _finish(image, rng)


SCENES = {
    "skyline": skyline,
    "industry": industrial_park,
    "port": port,
    "conference": conference,
    "chart": chart,
}


def photo(scene, seed):
    """JPEG bytes of `scene` (a key of SCENES) for `seed`."""
    return SCENES[scene](seed)
