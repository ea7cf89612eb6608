"""The versioned REST API (/api/v1/). Each app contributes a router, added here."""

from __future__ import annotations

from ninja import NinjaAPI

from referencement.catalog.api import router as catalog_router

api = NinjaAPI(
    title="Référencement Ségur — API",
    version="1",
    description="API publique (dispositifs, catalogues, registre) et API des éditeurs (jetons personnels).",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

api.add_router("/dispositifs", catalog_router)
