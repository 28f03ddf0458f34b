"""The block picker previews each infographic with real stored figures, in the editor's language."""

import pytest

from articles.models import ArticlePage
from stats.blocks import InfographicBlock

pytestmark = pytest.mark.django_db


def infographic_blocks():
    return {
        name: block
        for name, block in ArticlePage.body.field.stream_block.child_blocks.items()
        if isinstance(block, InfographicBlock)
    }


def test_every_infographic_block_has_a_preview(admin_client, demo):
    blocks = infographic_blocks()
    assert set(blocks) == {"big_number", "then_now", "bars", "sample", "rank"}
    for name, block in blocks.items():
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'class="infographic ' in html, name
        assert "stats/infographics" in html  # drawn with the site's styles
        assert "Fonte: IBM" in html  # the admin speaks Italian to this editor


def test_previews_without_data_render_nothing_rather_than_fail(admin_client, empty_site):
    for name, block in infographic_blocks().items():
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        assert 'class="infographic ' not in response.content.decode()
