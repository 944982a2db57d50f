"""GET /api/v1/surveys/waves/<id>/indices/ — the wave's indices, for department staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from raqib.core.access import has_any_role
from raqib.core.roles import STAFF_ROLES

from . import indices, selectors


class IsDepartmentStaff(permissions.BasePermission):
    message = _("Your role does not give access to survey indices.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return has_any_role(request.user, STAFF_ROLES)


def _group(g: selectors.GroupResult) -> dict[str, Any]:
    return {
        "kind": g.kind,
        "id": g.key,
        "code": g.code,
        "name": g.label,
        "quarantined": g.quarantined,
        **g.result.as_dict(),
    }


class WaveIndicesView(APIView):
    permission_classes = [IsDepartmentStaff]

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description=(
            "Indices of a survey wave: overall and per service point, body (descendants "
            "included), category, governorate and region tag. Each figure is "
            "{n, value, low, high} with a 95% interval; value, low and high are null when "
            'fewer than min_sample answers support it ("not enough answers"). Index, driver '
            "scores and importance: 0–100; shares: percent; net satisfaction: points "
            "(−100 to 100). Quarantined answers are excluded. Method: docs/survey-indices.md."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        wave = selectors.wave_get_for_user(user=request.user, pk=pk)
        data = selectors.wave_indices(wave=wave)
        matrix, cut_imp, cut_sat = indices.priority_matrix(data["wave"].result)
        return Response(
            {
                "wave": {
                    "id": wave.pk,
                    "code": wave.code,
                    "status": wave.status,
                    "min_sample": wave.min_sample,
                    "grid_version": wave.grid_version_id,
                    "content_hash": wave.grid_version.content_hash,
                },
                "drivers": data["drivers"],
                "overall": _group(data["wave"]),
                "groups": {kind: [_group(g) for g in data[kind]] for kind in selectors.GROUP_KINDS},
                "priority_matrix": {
                    "importance_cut": cut_imp,
                    "satisfaction_cut": cut_sat,
                    "drivers": [
                        {
                            "driver": p.driver,
                            "importance": p.importance,
                            "satisfaction": p.satisfaction,
                            "quadrant": p.quadrant,
                        }
                        for p in matrix
                    ],
                },
            }
        )
