from __future__ import annotations

from ninja import Router, Schema

from .api_auth import api_auth

router = Router(tags=["Compte"])


class MeOut(Schema):
    email: str
    full_name: str
    role: str
    editor_id: int | None


@router.get("/me", response=MeOut, auth=api_auth, summary="Le compte authentifié")
def me(request) -> MeOut:
    user = request.auth
    return MeOut(
        email=user.email, full_name=user.full_name, role=user.role, editor_id=user.editor_id
    )
