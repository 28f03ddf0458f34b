"""What copy structure carries over unchanged when an article body is filled from another language."""

from wagtail import hooks

from stats.blocks import InfographicBlock


@hooks.register("translation_carry_over_block")
def infographics_carry_over(block):
    # An infographic chooses figures and waves, whose labels exist in every language already.
    return isinstance(block, InfographicBlock)
