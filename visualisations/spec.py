"""A view described in a small JSON file (``bookcase view --spec FILE``), and the state of a page.

The page keeps its state (the slider's day, the kinds of node and line switched off, the switches,
the place and group of children chosen) in the same shape as :class:`PageState`: in the URL fragment
while it is open, and baked into the file its "Save" button writes. A spec file names the view, the
partnership and the options of the command, and may carry such a state.

Examples
--------
>>> spec = ViewSpec.model_validate({"view": "bookcase", "dataset": "york", "highlight": "reporting-line:node=icg",
...                                 "state": {"day": "2010-01-01", "hidden_node_types": ["Partner"]}})
>>> spec.state.day.isoformat(), spec.state.hidden_node_types[0].value
('2010-01-01', 'Partner')
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType

__all__ = ["PageState", "ViewSpec"]


class PageState(BaseModel):
    """What a reader has set in a page: the day, what is filtered out, the switches, the place and group."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: dt.date | None = Field(None, description="The time slider's day (the nearest stop on or before it).")
    hidden_node_types: list[NodeType] = Field(default_factory=list, description="Kinds of node filtered out.")
    hidden_edge_types: list[EdgeType] = Field(default_factory=list, description="Kinds of line filtered out.")
    groups: dict[str, bool] = Field(default_factory=dict, description="Switches, e.g. {'members': true}.")
    locality: str = Field("", description="The id of the place chosen ('' for every place).")
    cohort: str = Field("", description="The id of the group of children chosen ('' for all).")
    positions: dict[str, tuple[float, float]] = Field(default_factory=dict,
                                                      description="Nodes a reader moved, and where to.")


class ViewSpec(BaseModel):
    """A view as a spec file describes it: the same choices as the command's options."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    view: Literal["bookcase", "funding", "outcomes", "network", "focus"]
    dataset: str | None = Field(None, description="A bundled partnership or a path (default: the settings').")
    as_of: dt.date | None = None
    focus: str | None = None
    steps: int = Field(2, ge=1, le=6)
    locality: str | None = Field(None, description="Draw only what lies in this place (see --locality).")
    highlight: str | None = Field(None, description="QUERY[:NAME=VALUE,...], as --highlight takes it.")
    public_only: bool = False
    state: PageState = Field(default_factory=PageState)
