"""The versioned REST API (/api/v1/). Each app contributes a router, added here."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Référencement Ségur — API",
    version="1",
    description="API publique (dispositifs, catalogues, registre) et API des éditeurs (jetons personnels).",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _add_routers() -> None:
    from referencement.accounts.api import router as accounts_router
    from referencement.candidatures.api import router as candidatures_router
    from referencement.evidence.api import router as evidence_router

    api.add_router("/", accounts_router)
    api.add_router("/", candidatures_router)
    api.add_router("/", evidence_router)


_add_routers()
