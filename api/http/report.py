"""``GET /v1/report/{dataset}``: the board paper (:func:`visualisations.paper.board_paper`) as one HTML page.

The same document ``bookcase report`` writes, made from the partnership as the request may see it: the
public partnership, unless the request's key allows more (:meth:`api.http.app.Access.partnership`, as for the
views). Errors have the one shape of :mod:`api.errors`.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from .app import IsoDate

__all__ = ["router"]

router = APIRouter()

#: matplotlib's settings are global: one paper is drawn at a time.
_DRAWING = threading.Lock()

_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


@router.get("/report/{dataset}", tags=["views"], response_class=HTMLResponse,
            summary="A board paper about a partnership on one day: one self-contained HTML document to print.",
            responses={200: {"content": {"text/html": {}}, "description": "The paper (no script; prints on A4)."},
                       404: {**_ERROR, "description": "An unknown dataset."},
                       422: {**_ERROR, "description": "A parameter that breaks its rule."}})
def report(dataset: str, request: Request,
           as_of: Annotated[IsoDate | None, Query(description="The day the paper is about (YYYY-MM-DD); by "
                                                              "default the partnership's default day.")] = None,
           ) -> HTMLResponse:
    """The board paper: the bookcase, governance findings, gaps, duplicates, funding and the prevention share,
    and the maturity assessment when the server has it; each figure and table names its source."""
    from visualisations.paper import board_paper

    access = request.app.state.access
    p = access.partnership(request, request.app.state.datasets.get(dataset))
    with _DRAWING:
        paper = board_paper(p, as_of=as_of, dataset=p.info.id)
    return HTMLResponse(paper.html)
