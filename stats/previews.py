"""What the preview of a figure or survey shows, drawn with its draft values: its own charts, and
each live page that cites it, the blocks and sentences citing it rendered as they will read once
the draft is published.

Pages are found through Wagtail's reference index and read through their "body" StreamField, so
this module needs no page model (stats never imports articles).
"""

from __future__ import annotations

from wagtail.models import ReferenceIndex

from core.languages import value_in

from . import chart_data, references
from .blocks import InfographicBlock
from .formatting import Unit


def context(instance, *, language: str) -> dict:
    from .models import Figure

    # The draft is what this preview is for: drawn even if it was never published.
    instance.previewing_draft = True
    return {
        "object": instance,
        "charts": own_charts(instance, language),
        "citing": citing_pages(instance, language),
        "is_figure": isinstance(instance, Figure),
    }


def own_charts(instance, language: str) -> list:
    from .models import Figure

    charts = []
    try:
        if not isinstance(instance, Figure):
            return [chart_data.sample_of(survey=instance, caption="", language=language)]
        observations = sorted(instance.observations.all(), key=lambda o: o.wave.sort_order or 0)
        if not observations:
            return []
        first, last = observations[0], observations[-1]
        if instance.unit == Unit.RANK:
            charts.append(chart_data.rank_of(figure=instance, wave=last.wave.key, caption="", language=language))
        elif first is not last and first.qualifier == last.qualifier == "exact":
            charts.append(
                chart_data.then_now_of(
                    figure=instance, before=first.wave.key, after=last.wave.key, caption="", language=language
                )
            )
        else:
            charts.append(chart_data.big_number_of(figure=instance, wave=last.wave.key, caption="", language=language))
    except (chart_data.Unavailable, ValueError):
        pass
    return charts


def citing_pages(instance, language: str) -> list[dict]:
    """[{"page", "title", "blocks": [html, ...]}] for each page citing `instance`, in `language`."""
    if not instance.pk:
        return []

    found = []
    for source, _references in ReferenceIndex.get_grouped_references_to(instance):
        page = getattr(source, "specific", source)
        body = value_in(page, "body", language) if hasattr(page, "body") else None
        if not body or not value_in(page, "title", language):
            continue
        html = [_render(child, instance, language) for child in body]
        html = [fragment for fragment in html if fragment]
        if html:
            found.append(
                {
                    "page": page,
                    "title": value_in(page, "title", language),
                    "live": getattr(page, "live", True),
                    "blocks": html,
                }
            )
    return found


def _render(child, instance, language: str) -> str:
    from .models import Figure

    block, value = child.block, child.value
    context = {"request": _PreviewRequest()}
    if isinstance(block, InfographicBlock):
        if isinstance(instance, Figure):
            if value.get("figure") is not None and value["figure"].pk == instance.pk:
                value["figure"] = instance
            elif any(f is not None and f.pk == instance.pk for f in value.get("figures") or []):
                value["figures"] = [instance if f is not None and f.pk == instance.pk else f for f in value["figures"]]
            else:
                return ""
        elif value.get("survey") is not None and value["survey"].pk == instance.pk:
            value["survey"] = instance
        else:
            return ""
        return block.render(value, context)
    source = getattr(value, "source", None)
    cites = source and any(ref.figure_id == instance.pk for ref in references.references_in(source))
    if cites and isinstance(instance, Figure):
        with references.rendering(figures={instance.pk: instance}, preview=True):
            return str(value)
    return ""


class _PreviewRequest:
    """Blocks read `request.is_preview` to show why a chart cannot be drawn."""

    is_preview = True
