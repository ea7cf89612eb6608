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
    from referencement.registry.api import router as registry_router

    api.add_router("/", accounts_router)
    api.add_router("/", registry_router)


_add_routers()
